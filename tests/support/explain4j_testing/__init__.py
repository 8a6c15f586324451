"""Test support for explain4j: reference computations and bridge probes the Java and Python tests
call. It is not part of the shipped ``explain4j`` package, which never imports it; surefire and
``tests/python/conftest.py`` put ``tests/support`` on Python's path.

- :mod:`explain4j_testing.bridge`: small functions that check the Java-Python bridge itself.
- :mod:`explain4j_testing.models`: independent recomputations the model tests compare with.
- :mod:`explain4j_testing.explain`: reference label gradients for the explain session's tests.
- :mod:`explain4j_testing.inseq_reference`: Inseq's own aggregated numbers (the parity reference).
"""
