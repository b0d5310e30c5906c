import random
random.seed(444)
print([random.randint(0, 10) for _ in range(8)], random.random(), random.uniform(1, 3))
random.seed(2**40 + 5)
x = list(range(10)); random.shuffle(x); print(x, random.choice('abcdef'), random.randrange(100))
random.seed(-7)
print(random.randint(1, 6))
