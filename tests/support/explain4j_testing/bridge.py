"""Small functions the Java test-suite calls to check the bridge."""


def echo(value):
    return value


def type_name(value):
    return type(value).__name__


def fail(kind, message):
    errors = {"value": ValueError, "key": KeyError, "runtime": RuntimeError, "type": TypeError}
    raise errors[kind](message)


def nested_fail(depth):
    if depth <= 0:
        raise ZeroDivisionError("deep failure")
    return nested_fail(depth - 1)


def add(a, b):
    return a + b


def kwargs_echo(*args, **kwargs):
    return {"args": list(args), "kwargs": kwargs}


class Counter:
    def __init__(self, start=0):
        self.value = start

    def bump(self, by=1):
        self.value += by
        return self.value


def make_counter(start=0):
    return Counter(start)


def bump(counter, by=1):
    return counter.bump(by)
