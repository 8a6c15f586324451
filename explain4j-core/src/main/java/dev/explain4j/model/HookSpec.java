package dev.explain4j.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** One hook to register: a module, a direction and the value it captures. */
record HookSpec(
    String module, HookDirection direction, HookTarget target, int index, String inputName) {

  Map<String, Object> toPython() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("module", module);
    m.put("direction", direction.pythonName());
    m.put("what", target.pythonName());
    m.put("index", index);
    m.put("name", inputName);
    return m;
  }
}
