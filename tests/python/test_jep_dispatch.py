"""The dispatcher Java enters Python through: no SystemExit (or other non-Exception) leaves it."""

import pytest

from explain4j import _jep


def test_sys_exit_leaves_dispatch_as_an_exception_and_is_recorded():
    with pytest.raises(_jep.Contained, match="SystemExit"):
        _jep.dispatch("sys.exit", [3], {})
    err = _jep.take_error()
    assert err["type"] == "SystemExit"
    assert "code 3" in err["message"]
    assert _jep.take_error() is None


@pytest.mark.parametrize("name", ["KeyboardInterrupt", "GeneratorExit", "SystemExit"])
def test_every_base_exception_leaves_as_an_exception(name):
    with pytest.raises(_jep.Contained, match=name):
        _jep.dispatch("explain4j._jep.exec_code", [f"raise {name}"], {})
    assert _jep.take_error()["type"] == name
    with pytest.raises(_jep.Contained, match=name):
        _jep.eval_value(f"(_ for _ in ()).throw({name})")
    assert _jep.take_error()["type"] == name


def test_ordinary_errors_pass_through_unchanged():
    with pytest.raises(ValueError, match="bad"):
        _jep.dispatch("explain4j_testing.bridge.fail", ["value", "bad"], {})
    assert _jep.take_error()["message"] == "bad"
    assert _jep.dispatch("explain4j_testing.bridge.add", [2, 3], {}) == 5
