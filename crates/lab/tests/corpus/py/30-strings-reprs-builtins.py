s = "Hello, World"
print(s.lower(), s.split(', '), s.replace('l', 'L', ), s.find('o'), s.count('l'), s.startswith(('He', 'x')), s[::-1], s[1:-1:2])
print('{} and {}'.format(1, 'b'), '{0}{1}{0}'.format('a', 'b'), '{x:>4}|'.format(x=7), ' a b  c '.split(), 'a-b'.split('-', 1))
print(repr("a\nb"), repr('\\'), repr("'\""), str(None), [None, True, 1.0, 'x', ('t',)], {1: 'a', 'b': [2]})
print('abc'.center(9, '*'), 'ab'.ljust(4) + '|', '7'.zfill(3), '-7'.zfill(4), 'Hello World'.title(), 'x'.isalpha())
class P:
    pass
print(P.__name__, type(3).__name__, type('s') is str, isinstance([], (list, tuple)), issubclass(bool, int))
e = ValueError('a', 2)
print(e, repr(e), e.args, str(RuntimeError()), repr(KeyError('k')), str(KeyError('k')))
try:
    raise TypeError
except Exception as ex:
    print(type(ex).__name__, repr(ex), ex.args)
print(list(zip([1, 2, 3], 'ab')), list(map(str, [1, 2])), list(filter(None, [0, 1, '', 'a'])), sum([0.1] * 3))
d = {'b': 2, 'a': 1}
print(sorted(d), sorted(d.items(), key=lambda kv: kv[1]), list(d.keys()), list(d.values()), d.pop('b'), d)
print([i for i in range(10) if i % 2][::2], {i % 3 for i in range(6)}, tuple(range(3)), bool([]), bool('0'))
print(f"{'x':5}|{12:<4}|{3.5:6.2f}|{-3:04d}|{True}|{None!s}|{[1, 2]}|{ {'a': 1} }")
