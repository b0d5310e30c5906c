def f(a, b=2, *args, c=3, **kw):
    return a + b + c + sum(args) + len(kw)
print(f(1), f(1, 2, 3, 4, c=5, x=1), f(a=1, b=1))
x = [1, 2, 3]
x.append(4); x += [5]
print(x, x[1:3], x[::-1], x[-1], len(x))
d = {'a': 1, 'b': [1, 2]}
d['c'] = (1,)
print(d, list(d.items()), d.get('z', 0))
print(7 // 2, -7 // 2, 7 % -3, 2 ** 10, 2 ** -1, 7 / 2, 1e100, 0.1 + 0.2, 1/3)
print(1 < 2 < 3, 1 < 3 < 2, 'a' in 'abc', 3 not in x, None is None, not [])
s = 'Hello'
print(f"{s!r:>10}|{3.14159:.2f}|{42:05d}|{1234567:,}|{0.25:.1%}|{s=}|{x[0]+1}")
print(*[i * i for i in range(5)], sep=', ', end='!\n')
print({k: v for k, v in zip('abc', range(3))}, [y for y in range(10) if y % 3 == 0])
a, *b, c = range(5)
print(a, b, c, sorted([3, 1, 2], reverse=True), max([1, 5, 3]), min(4, 2, key=lambda v: -v))
print(repr('it\'s'), str(1.0), int('12') + 1, float('2.5'), abs(-3), round(2.5), round(3.5), round(1.2345, 2))
print(list(enumerate('ab', 1)), any([0, 1]), all([]), divmod(7, 2), ' x '.strip().upper(), 'a,b'.split(','))
t = (1,)
print(t, (), (1, 2), [(), [], {}], True + 1, isinstance(True, int))
