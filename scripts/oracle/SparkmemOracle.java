// SparkmemOracle: answers memory-layout questions by calling a real Spark version's own classes.
//
// Protocol: one JSON object per line on stdin, one JSON object per line on stdout (see README.md).
// Compiles against Jackson (from Spark's own jars) and the JDK only; every Spark class is reached by
// reflection, so one source works with Spark 2.4 (Scala 2.11) up to 4.3 (Scala 2.13).
// stdout carries only answers: System.out is redirected to stderr before any Spark class is loaded.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

public class SparkmemOracle {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final long MAX_SAFE = 9007199254740991L; // 2^53 - 1

  public static void main(String[] args) throws Exception {
    PrintStream answers = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, "UTF-8");
    System.setOut(System.err); // everything except answers (log4j console appenders, println) goes to stderr
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().isEmpty()) continue;
      ObjectNode resp = handleLine(line);
      answers.print(MAPPER.writeValueAsString(resp));
      answers.print('\n');
      answers.flush();
    }
  }

  /** Per-request context (what we say answered, notes). */
  static final class Ctx {
    String answeredBy;
    final List<String> notes = new ArrayList<>();
  }

  static ObjectNode handleLine(String line) {
    ObjectNode resp = F.objectNode();
    JsonNode req;
    try {
      req = MAPPER.readTree(line);
    } catch (Throwable t) {
      resp.putNull("id");
      resp.put("ok", false);
      resp.put("error", describe(t));
      resp.put("answeredBy", "SparkmemOracle (request is not valid JSON)");
      return resp;
    }
    JsonNode id = req == null ? null : req.get("id");
    if (id == null) resp.putNull("id"); else resp.set("id", id);
    Ctx ctx = new Ctx();
    try {
      if (req == null || !req.isObject()) throw new IllegalArgumentException("request must be a JSON object");
      String kind = req.path("kind").asText("");
      ObjectNode out = F.objectNode();
      switch (kind) {
        case "version": version(req, out, ctx); break;
        case "umm": umm(req, out, ctx); break;
        case "yarnExecutor": yarnExecutor(req, out, ctx); break;
        case "yarnAm": yarnAm(req, out, ctx); break;
        case "k8sExecutor": k8sExecutor(req, out, ctx); break;
        case "k8sDriver": k8sDriver(req, out, ctx); break;
        case "byteString": byteString(req, out, ctx); break;
        default:
          ctx.answeredBy = "SparkmemOracle";
          throw new IllegalArgumentException("unknown kind '" + kind + "' (expected version, umm, yarnExecutor, yarnAm, k8sExecutor, k8sDriver, byteString)");
      }
      resp.put("ok", true);
      resp.put("answeredBy", ctx.answeredBy);
      resp.setAll(out);
    } catch (Throwable t) {
      Throwable c = unwrap(t);
      resp.put("ok", false);
      resp.put("error", describe(c));
      resp.put("exception", c.getClass().getName());
      if (ctx.answeredBy != null) resp.put("answeredBy", ctx.answeredBy);
    }
    if (!ctx.notes.isEmpty()) {
      com.fasterxml.jackson.databind.node.ArrayNode a = resp.putArray("notes");
      for (String n : ctx.notes) a.add(n);
    }
    return resp;
  }

  static Throwable unwrap(Throwable t) {
    while (true) {
      if (t instanceof InvocationTargetException && t.getCause() != null) t = t.getCause();
      else if (t instanceof UndeclaredThrowableException && t.getCause() != null) t = t.getCause();
      else return t;
    }
  }

  static String describe(Throwable t) {
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  // ------------------------------------------------------------------------------------------
  // Reflection helpers
  // ------------------------------------------------------------------------------------------

  static final Object NO = new Object(); // "no value available" marker for argument filling

  static Class<?> cls(String name) throws ClassNotFoundException {
    return Class.forName(name, true, SparkmemOracle.class.getClassLoader());
  }

  static boolean hasClass(String name) {
    try {
      Class.forName(name, false, SparkmemOracle.class.getClassLoader());
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  /** Scala companion object / object (e.g. "org.apache.spark.memory.UnifiedMemoryManager" -> its MODULE$). */
  static Object module(String name) throws Exception {
    return cls(name + "$").getField("MODULE$").get(null);
  }

  static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) return c;
    if (c == int.class) return Integer.class;
    if (c == long.class) return Long.class;
    if (c == double.class) return Double.class;
    if (c == boolean.class) return Boolean.class;
    if (c == float.class) return Float.class;
    if (c == short.class) return Short.class;
    if (c == byte.class) return Byte.class;
    if (c == char.class) return Character.class;
    return c;
  }

  static boolean fits(Class<?>[] types, Object[] args) {
    if (types.length != args.length) return false;
    for (int i = 0; i < types.length; i++) {
      if (args[i] == null) {
        if (types[i].isPrimitive()) return false;
      } else if (!box(types[i]).isInstance(args[i])) return false;
    }
    return true;
  }

  static List<Method> allMethods(Class<?> c) {
    List<Method> ms = new ArrayList<>();
    for (Class<?> k = c; k != null; k = k.getSuperclass()) for (Method m : k.getDeclaredMethods()) ms.add(m);
    for (Method m : c.getMethods()) ms.add(m); // interface default methods
    return ms;
  }

  static List<Method> methodsNamed(Class<?> c, String name) {
    List<Method> r = new ArrayList<>();
    for (Method m : allMethods(c)) if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic()) r.add(m);
    if (r.isEmpty()) for (Method m : allMethods(c)) if (m.getName().equals(name)) r.add(m);
    return r;
  }

  /** Invoke method `name` on target (a Class for static methods) choosing the overload whose parameters accept args. */
  static Object call(Object target, String name, Object... args) throws Exception {
    Class<?> c = target instanceof Class ? (Class<?>) target : target.getClass();
    Object recv = target instanceof Class ? null : target;
    for (Method m : methodsNamed(c, name)) {
      if (fits(m.getParameterTypes(), args)) {
        m.setAccessible(true);
        return m.invoke(Modifier.isStatic(m.getModifiers()) ? null : recv, args);
      }
    }
    throw new NoSuchMethodException(c.getName() + "." + name + " with " + args.length + " argument(s) of types " + typesOf(args));
  }

  static String typesOf(Object[] args) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) sb.append(", ");
      sb.append(args[i] == null ? "null" : args[i].getClass().getName());
    }
    return sb.append(")").toString();
  }

  static String sig(Executable e) {
    StringBuilder sb = new StringBuilder();
    sb.append(e instanceof Constructor ? "new " + e.getDeclaringClass().getName() : e.getDeclaringClass().getName() + "." + e.getName());
    sb.append("(");
    Class<?>[] p = e.getParameterTypes();
    for (int i = 0; i < p.length; i++) {
      if (i > 0) sb.append(", ");
      sb.append(p[i].getSimpleName());
    }
    return sb.append(")").toString();
  }

  static final Object MISSING = new Object();

  /** Read a (possibly private, possibly name-mangled) Scala val: accessor method, field, or *$$name. */
  static Object read(Object obj, String name) throws Exception {
    Object v = tryRead(obj, name);
    if (v == MISSING) throw new NoSuchFieldException(obj.getClass().getName() + "." + name);
    return v;
  }

  static Object tryRead(Object obj, String name) throws Exception {
    Class<?> c = obj.getClass();
    for (Method m : allMethods(c)) {
      if (m.getParameterCount() == 0 && m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())) {
        m.setAccessible(true);
        return m.invoke(obj);
      }
    }
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          return f.get(obj);
        }
      }
    }
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (f.getName().endsWith("$$" + name) && !Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          return f.get(obj);
        }
      }
    }
    for (Method m : allMethods(c)) {
      if (m.getParameterCount() == 0 && m.getName().endsWith("$$" + name) && !Modifier.isStatic(m.getModifiers())) {
        m.setAccessible(true);
        return m.invoke(obj);
      }
    }
    return MISSING;
  }

  /** Fills the parameters of an executable; the provider returns NO if it has no value for a parameter. */
  interface ArgProvider {
    Object get(int index, Class<?> type, Executable e) throws Exception;
  }

  static Object[] fill(Executable e, ArgProvider p) throws Exception {
    Class<?>[] types = e.getParameterTypes();
    Object[] a = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Object v = p.get(i, types[i], e);
      if (v == NO) v = scalaDefault(e, i);
      if (v == NO) throw new IllegalStateException("SparkmemOracle cannot supply parameter " + (i + 1) + " (" + types[i].getName() + ") of " + sig(e));
      a[i] = v;
    }
    return a;
  }

  /** Scala default argument: Companion.$lessinit$greater$default$N() / Companion.method$default$N(). */
  static Object scalaDefault(Executable e, int i) {
    try {
      Class<?> owner = e.getDeclaringClass();
      String dn = (e instanceof Constructor ? "$lessinit$greater" : e.getName()) + "$default$" + (i + 1);
      Object comp;
      try {
        comp = cls(owner.getName().endsWith("$") ? owner.getName() : owner.getName() + "$").getField("MODULE$").get(null);
      } catch (Throwable t) {
        comp = null;
      }
      if (comp != null) {
        for (Method m : comp.getClass().getMethods()) if (m.getName().equals(dn) && m.getParameterCount() == 0) return m.invoke(comp);
      }
      for (Method m : owner.getMethods()) if (m.getName().equals(dn) && m.getParameterCount() == 0 && Modifier.isStatic(m.getModifiers())) return m.invoke(null);
    } catch (Throwable t) {
      // fall through
    }
    return NO;
  }

  static Object construct(Class<?> c, ArgProvider p, Ctx ctx, String role) throws Exception {
    Constructor<?>[] cs = c.getDeclaredConstructors();
    // most parameters first: the primary constructor of a Scala class
    java.util.Arrays.sort(cs, (x, y) -> y.getParameterCount() - x.getParameterCount());
    Exception last = null;
    for (Constructor<?> k : cs) {
      Object[] a;
      try {
        a = fill(k, p);
      } catch (IllegalStateException ex) {
        last = ex;
        continue;
      }
      k.setAccessible(true);
      if (role != null) ctx.notes.add(role + ": " + sig(k));
      return k.newInstance(a);
    }
    throw last != null ? last : new NoSuchMethodException("no usable constructor for " + c.getName());
  }

  // Scala values
  static Object none() throws Exception { return cls("scala.None$").getField("MODULE$").get(null); }
  static Object some(Object v) throws Exception { return cls("scala.Some").getConstructor(Object.class).newInstance(v); }
  static Object emptyImmutableMap() throws Exception { return call(module("scala.collection.immutable.Map"), "empty"); }
  static Object nil() throws Exception { return cls("scala.collection.immutable.Nil$").getField("MODULE$").get(null); }

  static Object unwrapOption(Object o) throws Exception {
    if (o != null && cls("scala.Option").isInstance(o)) {
      return (Boolean) call(o, "isDefined") ? call(o, "get") : null;
    }
    return o;
  }

  static void putValue(ObjectNode out, String key, Object v) throws Exception {
    v = unwrapOption(v);
    if (v == null) out.putNull(key);
    else if (v instanceof Long) putLong(out, key, (Long) v);
    else if (v instanceof Integer) out.put(key, (Integer) v);
    else if (v instanceof Double) out.put(key, (Double) v);
    else if (v instanceof Boolean) out.put(key, (Boolean) v);
    else out.put(key, v.toString());
  }

  static void putLong(ObjectNode out, String key, long v) {
    if (v > MAX_SAFE || v < -MAX_SAFE) out.put(key, Long.toString(v));
    else out.put(key, v);
  }

  // ------------------------------------------------------------------------------------------
  // Spark helpers
  // ------------------------------------------------------------------------------------------

  static Object sparkConf(JsonNode req) throws Exception {
    Object conf = cls("org.apache.spark.SparkConf").getConstructor(boolean.class).newInstance(false);
    JsonNode c = req.get("conf");
    if (c != null && !c.isNull()) {
      if (!c.isObject()) throw new IllegalArgumentException("\"conf\" must be an object of string values");
      Iterator<Map.Entry<String, JsonNode>> it = c.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v == null || v.isNull()) continue;
        call(conf, "set", e.getKey(), v.isTextual() ? v.asText() : v.toString());
      }
    }
    return conf;
  }

  static Object setIfMissing(Object conf, String k, String v) throws Exception {
    return call(conf, "setIfMissing", k, v);
  }

  /** Value of a config entry in org.apache.spark.internal.config (package object) read through SparkConf.get(entry). */
  static Object confEntry(Object conf, String holder, String entryName) throws Exception {
    Object entry = call(module(holder), entryName);
    return call(conf, "get", entry);
  }

  static Object securityManager;

  /**
   * One SecurityManager for all requests: building one reads Hadoop's XML configuration, and the pieces
   * we ask about take it only as a constructor argument (no request sets authentication keys).
   */
  static Object securityManager(Object conf, Ctx ctx) throws Exception {
    if (securityManager == null) securityManager = newSecurityManager(conf, ctx);
    return securityManager;
  }

  static Object newSecurityManager(Object conf, Ctx ctx) throws Exception {
    return construct(cls("org.apache.spark.SecurityManager"), (i, t, e) -> {
      if (t.getName().equals("org.apache.spark.SparkConf")) return conf;
      return NO; // Scala defaults for the rest (ioEncryptionKey = None, authSecretFileConf = AUTH_SECRET_FILE)
    }, ctx, null);
  }

  static Object defaultResourceProfile(Object conf) throws Exception {
    Object rpObj = module("org.apache.spark.resource.ResourceProfile");
    call(rpObj, "clearDefaultProfile"); // the default profile is cached in a static; reset it for this conf
    return call(rpObj, "getOrCreateDefaultProfile", conf);
  }

  // ------------------------------------------------------------------------------------------
  // Request kinds
  // ------------------------------------------------------------------------------------------

  static void version(JsonNode req, ObjectNode out, Ctx ctx) throws Exception {
    ctx.answeredBy = "org.apache.spark.package$.SPARK_VERSION";
    out.put("sparkVersion", (String) call(module("org.apache.spark.package"), "SPARK_VERSION"));
    try {
      out.put("scalaVersion", (String) call(module("scala.util.Properties"), "versionNumberString"));
    } catch (Throwable t) {
      out.putNull("scalaVersion");
    }
    out.put("javaVersion", System.getProperty("java.version"));
  }

  static void umm(JsonNode req, ObjectNode out, Ctx ctx) throws Exception {
    Object conf = sparkConf(req);
    int numCores = req.path("numCores").asInt(1);
    boolean isDriver = req.path("isDriver").asBoolean(false);
    if (req.path("validate").asBoolean(true)) {
      // SparkContext runs SparkConf.validateSettings before SparkEnv builds the memory manager; it is
      // what rejects spark.memory.fraction / storageFraction outside [0, 1].
      ctx.answeredBy = "org.apache.spark.SparkConf.validateSettings()";
      call(conf, "validateSettings");
    }
    Object mm;
    boolean legacy = hasClass("org.apache.spark.memory.StaticMemoryManager")
        && (Boolean) call(conf, "getBoolean", "spark.memory.useLegacyMode", false);
    if (legacy) {
      // SparkEnv (<= 2.4): if (conf.getBoolean("spark.memory.useLegacyMode", false)) new StaticMemoryManager(conf, numUsableCores)
      Class<?> smm = cls("org.apache.spark.memory.StaticMemoryManager");
      ctx.answeredBy = "new org.apache.spark.memory.StaticMemoryManager(conf, numCores) (SparkEnv picks it: spark.memory.useLegacyMode=true)";
      mm = smm.getConstructor(cls("org.apache.spark.SparkConf"), int.class).newInstance(conf, numCores);
      out.put("memoryManager", "StaticMemoryManager");
    } else {
      Object comp = module("org.apache.spark.memory.UnifiedMemoryManager");
      Method apply3 = null, apply2 = null;
      for (Method m : methodsNamed(comp.getClass(), "apply")) {
        Class<?>[] p = m.getParameterTypes();
        if (p.length == 3 && p[2] == boolean.class) apply3 = m;
        if (p.length == 2 && p[1] == int.class) apply2 = m;
      }
      if (apply3 != null) {
        ctx.answeredBy = "org.apache.spark.memory.UnifiedMemoryManager$.apply(conf, numCores, isDriver)";
        mm = apply3.invoke(comp, conf, numCores, isDriver);
      } else {
        ctx.answeredBy = "org.apache.spark.memory.UnifiedMemoryManager$.apply(conf, numCores)";
        if (req.has("isDriver")) ctx.notes.add("isDriver ignored: this Spark's UnifiedMemoryManager.apply has no isDriver parameter");
        mm = apply2.invoke(comp, conf, numCores);
      }
      out.put("memoryManager", "UnifiedMemoryManager");
    }
    for (String f : new String[] {"maxHeapMemory", "onHeapStorageRegionSize", "maxOnHeapExecutionMemory"}) {
      Object v = tryRead(mm, f);
      if (v != MISSING) putValue(out, f, v);
    }
    putValue(out, "maxOnHeapStorageMemory", call(mm, "maxOnHeapStorageMemory"));
    putValue(out, "maxOffHeapStorageMemory", call(mm, "maxOffHeapStorageMemory"));
    String[][] pools = {
      {"onHeapStorageMemoryPool", "onHeapStoragePoolSize"},
      {"onHeapExecutionMemoryPool", "onHeapExecutionPoolSize"},
      {"offHeapStorageMemoryPool", "offHeapStoragePoolSize"},
      {"offHeapExecutionMemoryPool", "offHeapExecutionPoolSize"},
    };
    for (String[] p : pools) putValue(out, p[1], call(read(mm, p[0]), "poolSize"));
    putValue(out, "pageSizeBytes", call(mm, "pageSizeBytes"));
    putValue(out, "tungstenMemoryMode", call(mm, "tungstenMemoryMode"));
  }

  static void yarnExecutor(JsonNode req, ObjectNode out, Ctx ctx) throws Exception {
    Object conf = sparkConf(req);
    boolean isPython = req.path("isPython").asBoolean(false);
    // Client.scala sets spark.yarn.isPython for Python apps; YarnAllocator reads it (IS_PYTHON_APP).
    call(conf, "set", "spark.yarn.isPython", Boolean.toString(isPython));

    // 1) Construct the real YarnAllocator (all versions): its constructor computes the container Resource.
    Object alloc = null;
    String allocError = null;
    if (hasClass("org.apache.spark.resource.ResourceProfile")) {
      // the allocator takes the cached default profile: reset it so it is built from this conf
      call(module("org.apache.spark.resource.ResourceProfile"), "clearDefaultProfile");
    }
    try {
      alloc = newYarnAllocator(conf, ctx);
    } catch (Throwable t) {
      Throwable c = unwrap(t);
      allocError = describe(c);
      if (!hasClass("org.apache.spark.resource.ResourceProfile")
          || methodsNamed(cls("org.apache.spark.resource.ResourceProfile$"), "getResourcesForClusterManager").isEmpty()) {
        // 2.4 / 3.0: a constructor failure is Spark's own answer (e.g. the off-heap require)
        ctx.answeredBy = "new org.apache.spark.deploy.yarn.YarnAllocator(...) (constructor)";
        if (c instanceof Exception) throw (Exception) c;
        throw new RuntimeException(c);
      }
    }

    List<Method> rcm = hasClass("org.apache.spark.resource.ResourceProfile")
        ? methodsNamed(cls("org.apache.spark.resource.ResourceProfile$"), "getResourcesForClusterManager") : new ArrayList<>();
    if (!rcm.isEmpty()) {
      // 3.1+: YarnAllocator.createYarnResourceForResourceProfile -> ResourceProfile.getResourcesForClusterManager
      Object rp = defaultResourceProfile(conf);
      Object rpObj = module("org.apache.spark.resource.ResourceProfile");
      int rpId = (Integer) call(rp, "id");
      Object execRes = call(rp, "executorResources");
      Method m = rcm.get(0);
      Class<?>[] pt = m.getParameterTypes();
      Object[] args = new Object[pt.length];
      List<String> names = new ArrayList<>();
      int maps = 0;
      for (int i = 0; i < pt.length; i++) {
        Class<?> t = pt[i];
        if (t == int.class) { args[i] = rpId; names.add("rpId"); }
        else if (t == boolean.class) { args[i] = isPython; names.add("isPythonApp"); }
        else if (t.getName().equals("org.apache.spark.SparkConf")) { args[i] = conf; names.add("conf"); }
        else if (t == double.class) {
          // 3.3+: YarnAllocator.memoryOverheadFactor (spark.executor.memoryOverheadFactor); 3.1-3.2: the 0.1 constant
          Object f = alloc != null ? tryRead(alloc, "memoryOverheadFactor") : MISSING;
          String fsrc = "YarnAllocator.memoryOverheadFactor";
          if (f == MISSING) {
            try {
              f = tryRead(module("org.apache.spark.deploy.yarn.YarnSparkHadoopUtil"), "MEMORY_OVERHEAD_FACTOR");
            } catch (ReflectiveOperationException e) {
              f = MISSING;
            }
            fsrc = "YarnSparkHadoopUtil.MEMORY_OVERHEAD_FACTOR";
          }
          if (f == MISSING) {
            f = confEntry(conf, "org.apache.spark.internal.config.package", "EXECUTOR_MEMORY_OVERHEAD_FACTOR");
            fsrc = "conf.get(EXECUTOR_MEMORY_OVERHEAD_FACTOR) [re-derived]";
          }
          args[i] = f;
          names.add(fsrc);
        } else if (t == long.class) {
          Object mo = alloc != null ? tryRead(alloc, "minMemoryOverhead") : MISSING;
          String msrc = "YarnAllocator.minMemoryOverhead";
          if (mo == MISSING) {
            mo = confEntry(conf, "org.apache.spark.internal.config.package", "EXECUTOR_MIN_MEMORY_OVERHEAD");
            msrc = "conf.get(EXECUTOR_MIN_MEMORY_OVERHEAD) [re-derived]";
          }
          args[i] = mo;
          names.add(msrc);
        } else if (t.getName().startsWith("scala.collection") && t.getName().endsWith("Map")) {
          if (maps++ == 0) { args[i] = execRes; names.add("executorResources"); }
          else {
            // custom resource names (gpu/fpga); no bearing on memory
            Object mapping = alloc != null ? tryRead(alloc, "resourceNameMapping") : MISSING;
            if (mapping == MISSING) mapping = emptyImmutableMap();
            args[i] = mapping;
            names.add("resourceNameMapping");
          }
        } else throw new IllegalStateException("unexpected signature " + sig(m));
      }
      String src = "(" + String.join(", ", names) + ")";
      ctx.answeredBy = "org.apache.spark.resource.ResourceProfile$.getResourcesForClusterManager" + src
          + " on ResourceProfile.getOrCreateDefaultProfile(conf)";
      m.setAccessible(true);
      Object r = m.invoke(rpObj, args);
      putValue(out, "executorMemoryMiB", call(r, "executorMemoryMiB"));
      putValue(out, "memoryOverheadMiB", call(r, "memoryOverheadMiB"));
      Object off = tryRead(r, "memoryOffHeapMiB");
      if (off == MISSING) off = tryRead(r, "executorOffHeapMemoryMiB");
      putValue(out, "memoryOffHeapMiB", off == MISSING ? null : off);
      putValue(out, "pysparkMemoryMiB", call(r, "pysparkMemoryMiB"));
      putValue(out, "totalMemMiB", call(r, "totalMemMiB"));
      putValue(out, "cores", call(r, "cores"));
      if (alloc != null) {
        Object res = call(read(alloc, "rpIdToYarnResource"), "get", (Object) Integer.valueOf(rpId));
        if (res != null) {
          putValue(out, "containerMemoryMiB", call(res, "getMemory"));
          putValue(out, "containerVcores", call(res, "getVirtualCores"));
          ctx.answeredBy += "; container* = YarnAllocator.rpIdToYarnResource(rpId) from new YarnAllocator(...)";
        }
      } else {
        out.put("yarnAllocatorError", allocError);
      }
      return;
    }

    // 2.4 / 3.0: the YarnAllocator constructor computes everything.
    if (alloc != null) {
      ctx.answeredBy = "new org.apache.spark.deploy.yarn.YarnAllocator(...): fields executorMemory, memoryOverhead, executorOffHeapMemory, pysparkWorkerMemory, executorCores, resource";
      putValue(out, "executorMemoryMiB", read(alloc, "executorMemory"));
      putValue(out, "memoryOverheadMiB", read(alloc, "memoryOverhead"));
      Object off = tryRead(alloc, "executorOffHeapMemory");
      putValue(out, "memoryOffHeapMiB", off == MISSING ? 0 : off);
      if (off == MISSING) ctx.notes.add("this Spark's YarnAllocator has no off-heap term (memoryOffHeapMiB reported as 0)");
      Object py = tryRead(alloc, "pysparkWorkerMemory");
      putValue(out, "pysparkMemoryMiB", py == MISSING ? 0 : py);
      Object res = read(alloc, "resource");
      putValue(out, "totalMemMiB", call(res, "getMemory"));
      putValue(out, "cores", read(alloc, "executorCores"));
      putValue(out, "containerMemoryMiB", call(res, "getMemory"));
      putValue(out, "containerVcores", call(res, "getVirtualCores"));
      return;
    }
    throw new IllegalStateException("unreachable");
  }

  static Object yarnConfiguration;

  /** One YarnConfiguration for all requests: building one parses Hadoop's default XML files, and it is only read. */
  static Object yarnConfiguration() throws Exception {
    if (yarnConfiguration == null) yarnConfiguration = cls("org.apache.hadoop.yarn.conf.YarnConfiguration").getConstructor().newInstance();
    return yarnConfiguration;
  }

  static Object newYarnAllocator(Object conf, Ctx ctx) throws Exception {
    Class<?> ya = cls("org.apache.spark.deploy.yarn.YarnAllocator");
    Object yarnConf = yarnConfiguration();
    Object secMgr = securityManager(conf, ctx);
    return construct(ya, (i, t, e) -> {
      String n = t.getName();
      if (n.equals("java.lang.String")) return "spark://CoarseGrainedScheduler@driver:7077";
      if (n.equals("org.apache.spark.SparkConf")) return conf;
      if (n.equals("org.apache.hadoop.yarn.conf.YarnConfiguration")) return yarnConf;
      if (n.equals("org.apache.spark.SecurityManager")) return secMgr;
      if (n.startsWith("scala.collection") && n.endsWith("Map")) return emptyImmutableMap();
      if (n.equals("org.apache.spark.util.Clock")) return cls("org.apache.spark.util.SystemClock").getConstructor().newInstance();
      if (n.equals("org.apache.spark.rpc.RpcEndpointRef") && hasClass("StubDriverRef")) {
        // up to 3.x the constructor asks the driver for the last executor id (StubDriverRef answers 0)
        return cls("StubDriverRef").getConstructor(cls("org.apache.spark.SparkConf")).newInstance(conf);
      }
      if (!t.isPrimitive()) return null; // amClient, appAttemptId, resolver: unused while constructing
      return NO;
    }, ctx, null);
  }

  static void yarnAm(JsonNode req, ObjectNode out, Ctx ctx) throws Exception {
    Object conf = sparkConf(req);
    boolean cluster = req.path("clusterMode").asBoolean(false);
    call(conf, "set", "spark.submit.deployMode", cluster ? "cluster" : "client");
    Class<?> client = cls("org.apache.spark.deploy.yarn.Client");
    Object args = cls("org.apache.spark.deploy.yarn.ClientArguments").getConstructor(String[].class).newInstance((Object) new String[0]);
    ctx.answeredBy = "new org.apache.spark.deploy.yarn.Client(new ClientArguments(Array()), conf[, rpcEnv=null]): private vals amMemory, amMemoryOverhead, amCores";
    Object c = construct(client, (i, t, e) -> {
      String n = t.getName();
      if (n.equals("org.apache.spark.deploy.yarn.ClientArguments")) return args;
      if (n.equals("org.apache.spark.SparkConf")) return conf;
      if (n.equals("org.apache.spark.rpc.RpcEnv")) return null;
      return NO;
    }, ctx, null);
    putValue(out, "amMemoryMiB", read(c, "amMemory"));
    putValue(out, "amMemoryOverheadMiB", read(c, "amMemoryOverhead"));
    putValue(out, "amCores", read(c, "amCores"));
    Object f = tryRead(c, "amMemoryOverheadFactor");
    if (f != MISSING) putValue(out, "amMemoryOverheadFactor", f);
    Object cm = tryRead(c, "isClusterMode");
    if (cm != MISSING) putValue(out, "isClusterMode", cm);
    try {
      call(c, "stop");
    } catch (Throwable t) {
      // not started; ignore
    }
  }

  static void k8sDefaults(Object conf) throws Exception {
    setIfMissing(conf, "spark.master", "k8s://https://k");
    setIfMissing(conf, "spark.kubernetes.container.image", "x");
    setIfMissing(conf, "spark.app.id", "spark-sparkmem");
    setIfMissing(conf, "spark.app.name", "sparkmem");
    setIfMissing(conf, "spark.driver.host", "sparkmem-driver-svc"); // 2.4's executor step builds the driver URL
    setIfMissing(conf, "spark.driver.port", "7078");
  }

  /** fabric8 Quantity as Kubernetes writes it: "4505Mi" (old fabric8 keeps it all in amount, newer splits off format). */
  static Object quantity(Object q) throws Exception {
    if (q == null) return null;
    Object amount = tryRead(q, "getAmount");
    if (amount == MISSING) return q.toString();
    Object format = tryRead(q, "getFormat");
    return amount + (format == MISSING || format == null ? "" : format.toString());
  }

  static void podFields(Object pod, ObjectNode out, String envName) throws Exception {
    Object container = call(pod, "container");
    Object resources = call(container, "getResources");
    Map<?, ?> req = resources == null ? null : (Map<?, ?>) call(resources, "getRequests");
    Map<?, ?> lim = resources == null ? null : (Map<?, ?>) call(resources, "getLimits");
    putValue(out, "memoryRequest", req == null ? null : quantity(req.get("memory")));
    putValue(out, "memoryLimit", lim == null ? null : quantity(lim.get("memory")));
    putValue(out, "cpuRequest", req == null ? null : quantity(req.get("cpu")));
    putValue(out, "cpuLimit", lim == null ? null : quantity(lim.get("cpu")));
    String env = null;
    List<?> envs = (List<?>) call(container, "getEnv");
    if (envs != null) for (Object ev : envs) if (envName.equals(call(ev, "getName"))) env = (String) call(ev, "getValue");
    putValue(out, envName, env);
  }

  static Object initialPod() throws Exception {
    return call(module("org.apache.spark.deploy.k8s.SparkPod"), "initialPod");
  }

  static void k8sExecutor(JsonNode req, ObjectNode out, Ctx ctx) throws Exception {
    Object conf = sparkConf(req);
    k8sDefaults(conf);
    String appId = (String) call(conf, "get", "spark.app.id");
    Object kc = module("org.apache.spark.deploy.k8s.KubernetesConf");
    Method create = null;
    for (Method m : methodsNamed(kc.getClass(), "createExecutorConf")) if (create == null || m.getParameterCount() > create.getParameterCount()) create = m;
    final int[] strIdx = {0};
    Object[] args = fill(create, (i, t, e) -> {
      String n = t.getName();
      if (n.equals("org.apache.spark.SparkConf")) return conf;
      if (n.equals("java.lang.String")) return strIdx[0]++ == 0 ? "1" : appId; // executorId, appId
      if (n.equals("scala.Option")) return none(); // driverPod
      if (t == int.class) return 0; // ResourceProfile.DEFAULT_RESOURCE_PROFILE_ID
      return NO;
    });
    create.setAccessible(true);
    Object execConf = create.invoke(kc, args);
    Object secMgr = securityManager(conf, ctx);
    Object[] rp = {null};
    Object step = construct(cls("org.apache.spark.deploy.k8s.features.BasicExecutorFeatureStep"), (i, t, e) -> {
      String n = t.getName();
      if (t.isInstance(execConf)) return execConf;
      if (n.equals("org.apache.spark.SecurityManager")) return secMgr;
      if (n.equals("org.apache.spark.resource.ResourceProfile")) return rp[0] = defaultResourceProfile(conf);
      if (n.equals("org.apache.spark.util.Clock")) return cls("org.apache.spark.util.SystemClock").getConstructor().newInstance();
      return NO;
    }, ctx, null);
    ctx.answeredBy = "new org.apache.spark.deploy.k8s.features.BasicExecutorFeatureStep(KubernetesConf.createExecutorConf(conf, \"1\", appId, None"
        + (create.getParameterCount() > 4 ? ", 0" : "") + ")"
        + (step.getClass().getConstructors()[0].getParameterCount() > 1 ? ", SecurityManager" : "")
        + (rp[0] != null ? ", ResourceProfile.getOrCreateDefaultProfile(conf)" : "") + ").configurePod(SparkPod.initialPod())";
    Object pod = call(step, "configurePod", initialPod());
    podFields(pod, out, "SPARK_EXECUTOR_MEMORY");
  }

  static Object mainAppResource(String kind) throws Exception {
    String cn, res;
    switch (kind) {
      case "python": cn = "PythonMainAppResource"; res = "local:///opt/app/main.py"; break;
      case "r": cn = "RMainAppResource"; res = "local:///opt/app/main.R"; break;
      case "java": cn = "JavaMainAppResource"; res = "local:///opt/app/app.jar"; break;
      default: throw new IllegalArgumentException("mainAppResource must be java, python or r (was '" + kind + "')");
    }
    Class<?> c = cls("org.apache.spark.deploy.k8s.submit." + cn);
    Constructor<?> k = c.getConstructors()[0];
    Class<?> p = k.getParameterTypes()[0];
    return k.newInstance(p == String.class ? res : some(res));
  }

  static void k8sDriver(JsonNode req, ObjectNode out, Ctx ctx) throws Exception {
    Object conf = sparkConf(req);
    k8sDefaults(conf);
    String appId = (String) call(conf, "get", "spark.app.id");
    String kind = req.path("mainAppResource").asText("java");
    Object mar = mainAppResource(kind);
    String mainClass = kind.equals("python") ? "org.apache.spark.deploy.PythonRunner"
        : kind.equals("r") ? "org.apache.spark.deploy.RRunner" : "org.example.Main";
    Object kc = module("org.apache.spark.deploy.k8s.KubernetesConf");
    Class<?> marClass = cls("org.apache.spark.deploy.k8s.submit.MainAppResource");
    Method create = null;
    for (Method m : methodsNamed(kc.getClass(), "createDriverConf")) {
      Class<?>[] p = m.getParameterTypes();
      // prefer the overload whose last parameter is not a String (4.3 has (..., Option proxyUser) and (..., String))
      if (create == null || (p[p.length - 1] != String.class && create.getParameterTypes()[create.getParameterCount() - 1] == String.class)) create = m;
    }
    Class<?>[] pt = create.getParameterTypes();
    int nStrings = 0;
    boolean hasMar = false;
    for (Class<?> t : pt) {
      if (t == String.class) nStrings++;
      if (t == marClass) hasMar = true;
    }
    final List<Object> strings = new ArrayList<>();
    if (nStrings >= 4) { // 2.4: (conf, appName, appResourceNamePrefix, appId, Option[MainAppResource], mainClass, appArgs, maybePyFiles)
      strings.add(call(conf, "get", "spark.app.name"));
      strings.add("sparkmem-driver");
      strings.add(appId);
      strings.add(mainClass);
    } else { // 3.0+: (conf, appId, mainAppResource, mainClass, appArgs[, proxyUser])
      strings.add(appId);
      strings.add(mainClass);
      strings.add(null);
    }
    final boolean marIsOption = !hasMar;
    final int[] si = {0};
    final boolean[] optUsed = {false};
    Object[] args = fill(create, (i, t, e) -> {
      String n = t.getName();
      if (n.equals("org.apache.spark.SparkConf")) return conf;
      if (t == String.class) return si[0] < strings.size() ? strings.get(si[0]++) : null;
      if (t == marClass) return mar;
      if (n.equals("scala.Option")) {
        if (marIsOption && !optUsed[0]) { optUsed[0] = true; return some(mar); }
        return none(); // proxyUser
      }
      if (t == String[].class) return new String[0];
      if (n.startsWith("scala.collection") && n.endsWith("Seq")) return nil();
      return NO;
    });
    create.setAccessible(true);
    Object driverConf = create.invoke(kc, args);
    Object step = construct(cls("org.apache.spark.deploy.k8s.features.BasicDriverFeatureStep"), (i, t, e) -> {
      if (t.isInstance(driverConf)) return driverConf;
      return NO;
    }, ctx, null);
    ctx.answeredBy = "new org.apache.spark.deploy.k8s.features.BasicDriverFeatureStep(" + sig(create).replace("org.apache.spark.deploy.k8s.KubernetesConf$.", "KubernetesConf.")
        + ").configurePod(SparkPod.initialPod()) + getAdditionalPodSystemProperties()";
    Object pod = call(step, "configurePod", initialPod());
    podFields(pod, out, "SPARK_DRIVER_MEMORY");
    Object props = call(step, "getAdditionalPodSystemProperties");
    putValue(out, "memoryOverheadFactor", call(props, "get", "spark.kubernetes.memoryOverheadFactor"));
    Object driverSparkConf = tryRead(driverConf, "sparkConf");
    if (driverSparkConf != MISSING && driverSparkConf != null) {
      putValue(out, "confMemoryOverheadFactor", call(driverSparkConf, "getOption", "spark.kubernetes.memoryOverheadFactor"));
    }
  }

  static void byteString(JsonNode req, ObjectNode out, Ctx ctx) throws Exception {
    ctx.answeredBy = "org.apache.spark.network.util.JavaUtils.byteStringAs(text, ByteUnit.valueOf(unit))";
    if (!req.has("text")) throw new IllegalArgumentException("byteString needs \"text\"");
    String text = req.get("text").isNull() ? null : req.get("text").asText();
    String unit = req.path("unit").asText("BYTE");
    Class<?> bu = cls("org.apache.spark.network.util.ByteUnit");
    Object u = call(bu, "valueOf", unit);
    Object v = call(cls("org.apache.spark.network.util.JavaUtils"), "byteStringAs", text, u);
    putLong(out, "value", (Long) v);
  }
}
