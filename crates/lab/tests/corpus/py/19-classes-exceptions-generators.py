class Animal:
    kind = 'animal'
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f'{self.name} makes a sound'
    def __repr__(self):
        return f'Animal({self.name!r})'
class Dog(Animal):
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return super().speak() + ' (woof)'
    @property
    def label(self):
        return self.name.upper()
    @staticmethod
    def s(): return 's'
    @classmethod
    def c(cls): return cls.kind
d = Dog('rex', 'lab')
print(d.speak(), d.label, Dog.s(), d.c(), [d], isinstance(d, Animal), type(d).__name__)
class MyError(Exception):
    def __init__(self, code):
        super().__init__(f'code {code}')
        self.code = code
try:
    raise MyError(3)
except (ValueError, MyError) as e:
    print('caught', e, e.code, repr(e), e.args)
finally:
    print('finally')
def g():
    try:
        return 1
    finally:
        print('in finally')
print(g())
for i in range(5):
    if i == 1:
        continue
    if i == 3:
        break
    print('i', i)
else:
    print('no break')
n = 0
while n < 3:
    n += 1
else:
    print('while else', n)
try:
    {}['x']
except KeyError as e:
    print('KeyError', e, repr(e))
try:
    [][1]
except IndexError as e:
    print(e)
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)
try:
    int('x')
except ValueError as e:
    print(e)
from dataclasses import dataclass, field
@dataclass
class P:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)
print(P(1), P(1, 2) == P(1, 2), P(x=3, y=4).y)
def gen(n):
    for i in range(n):
        yield i * 2
print(list(gen(3)), sum(x for x in range(4)))
counter = 0
def inc():
    global counter
    counter += 1
inc(); inc()
def outer():
    v = 0
    def inner():
        nonlocal v
        v += 1
        return v
    inner()
    return inner()
print(counter, outer())
assert counter == 2, 'bad'
