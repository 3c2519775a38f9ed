// SparkKeys: lists every configuration key one Spark version declares, with its deprecation tables.
//
//   java <jvm-options.txt> -cp "<this class>:<spark>/jars/*" SparkKeys <spark>/jars  > keys.json
//
// Forces the initialisation of every Scala object in the spark-*.jar files that builds config entries
// (its class file names ConfigBuilder, buildConf or buildStaticConf: internal.config.package$ and its
// siblings, SQLConf$, StaticSQLConf$, deploy.yarn.config.package$, deploy.k8s.Config$, HiveUtils$, ...);
// each ConfigEntry registers itself in ConfigEntry.knownConfigs when constructed, which is then printed
// with SparkConf.deprecatedConfigs/configsWithAlternatives and SQLConf.deprecatedSQLConfigs/removedSQLConfigs.
// It also lists the key-like string constants of all org.apache.spark classes ("literals": keys read by name,
// without a ConfigEntry, such as spark.master) and TransportConf's per-module key suffixes (io.maxRetries, ...).
//
// Reflection only and no dependency but the JDK, so one source runs against Scala 2.11, 2.12 and 2.13 jars.
// stdout carries only the JSON document: System.out is redirected to stderr before any Spark class loads.
// Objects that fail to initialise are reported on stderr and in the document's "failed" list.

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public class SparkKeys {
  /** Objects initialised first, in this order (the rest follow alphabetically). */
  static final String[] FIRST = {
    "org.apache.spark.internal.config.package$",
    "org.apache.spark.sql.internal.SQLConf$",
    "org.apache.spark.sql.internal.StaticSQLConf$",
    "org.apache.spark.deploy.yarn.config.package$",
    "org.apache.spark.deploy.k8s.Config$",
  };
  /** A class file naming one of these builds config entries. */
  static final String[] MARKERS = {"org/apache/spark/internal/config/ConfigBuilder", "buildConf", "buildStaticConf"};

  static final ClassLoader LOADER = SparkKeys.class.getClassLoader();
  static PrintStream err;

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
    err = System.err;
    System.setOut(System.err);
    if (args.length != 1) throw new IllegalArgumentException("usage: SparkKeys <spark jars directory>");

    TreeSet<String> candidates = new TreeSet<>();
    TreeSet<String> literals = new TreeSet<>();
    File[] jars = new File(args[0]).listFiles((d, n) -> n.startsWith("spark-") && n.endsWith(".jar") && !n.endsWith("-tests.jar"));
    if (jars == null || jars.length == 0) throw new IllegalArgumentException("no spark-*.jar in " + args[0]);
    Arrays.sort(jars);
    for (File jar : jars) candidates.addAll(scanJar(jar, literals));
    List<String> order = new ArrayList<>();
    for (String c : FIRST) if (candidates.remove(c) || exists(c)) order.add(c);
    order.addAll(candidates);

    Class<?> entryCls = Class.forName("org.apache.spark.internal.config.ConfigEntry", true, LOADER);
    Object entryModule = module("org.apache.spark.internal.config.ConfigEntry$");
    Map<?, ?> known = (Map<?, ?>) findMapField(entryModule, "knownConfigs");

    J holders = J.arr();
    J failed = J.arr();
    J idle = J.arr();
    for (String name : order) {
      int before = known.size();
      try {
        Class<?> c = Class.forName(name, false, LOADER);
        Field f;
        try {
          f = c.getField("MODULE$");
        } catch (NoSuchFieldException e) {
          continue; // not a Scala object (e.g. a companion-less class whose name ends in $)
        }
        if (!Modifier.isStatic(f.getModifiers())) continue;
        f.get(null); // runs the object's initialiser: its entries register themselves
      } catch (Throwable t) {
        Throwable c = unwrap(t);
        String msg = c.getClass().getName() + ": " + c.getMessage();
        err.println("SparkKeys: " + name + " failed to initialise: " + msg);
        failed.add(J.obj().put("class", name).put("error", msg).put("registeredBeforeFailure", known.size() - before));
        continue;
      }
      if (known.size() > before) holders.add(J.obj().put("class", name).put("added", known.size() - before));
      else idle.add(name); // initialised, nothing new (already registered through another object, or none)
    }

    TreeMap<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> e : known.entrySet()) sorted.put((String) e.getKey(), e.getValue());
    Object staticKeys = tryRead(moduleOrNull("org.apache.spark.sql.internal.SQLConf$"), "staticConfKeys");
    J entries = J.arr();
    for (Map.Entry<String, Object> e : sorted.entrySet()) entries.add(describeEntry(e.getKey(), e.getValue(), entryCls, staticKeys));

    J doc = J.obj();
    doc.put("sparkVersion", str(tryRead(moduleOrNull("org.apache.spark.package$"), "SPARK_VERSION")));
    doc.put("scalaVersion", str(tryRead(moduleOrNull("scala.util.Properties$"), "versionNumberString")));
    doc.put("holders", holders);
    doc.put("failed", failed);
    doc.put("initialisedWithoutNewEntries", idle);
    doc.put("entries", entries);
    J lits = J.arr();
    for (String l : literals) if (!known.containsKey(l)) lits.add(l);
    doc.put("literals", lits);
    J suffixes = J.arr();
    for (String t : TRANSPORT_SUFFIXES) suffixes.add(t);
    doc.put("transportConfSuffixes", suffixes);
    tables(doc);
    out.print(doc.toString());
    out.print('\n');
    out.flush();
  }

  // ------------------------------------------------------------------------------------------
  // Which classes hold config entries
  // ------------------------------------------------------------------------------------------

  /**
   * The Scala objects of one jar that build config entries, and (into literals) every string constant of its
   * org.apache.spark classes that looks like a configuration key ("spark." then letters, digits, "._-"):
   * keys Spark reads by name without declaring a ConfigEntry (spark.master, and most keys in 2.4).
   */
  static List<String> scanJar(File jar, TreeSet<String> literals) throws Exception {
    List<String> r = new ArrayList<>();
    try (JarFile jf = new JarFile(jar)) {
      Enumeration<JarEntry> en = jf.entries();
      while (en.hasMoreElements()) {
        JarEntry je = en.nextElement();
        String n = je.getName();
        if (!n.startsWith("org/apache/spark/") || !n.endsWith(".class")) continue;
        byte[] bytes;
        try (InputStream in = jf.getInputStream(je)) {
          bytes = readAll(in);
        }
        List<String> strings = utf8Constants(bytes);
        for (String c : strings) if (KEY_LIKE.matcher(c).matches()) literals.add(c);
        if (n.equals("org/apache/spark/network/util/TransportConf.class"))
          for (String c : strings) if (TRANSPORT_SUFFIX.matcher(c).matches()) TRANSPORT_SUFFIXES.add(c);
        if (!n.endsWith("$.class") || n.contains("$anon") || n.contains("$$")) continue;
        boolean holder = false;
        for (String c : strings) for (String m : MARKERS) holder |= c.contains(m);
        if (holder) r.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
      }
    }
    return r;
  }

  /** TransportConf reads "spark." + module + "." + suffix (modules shuffle, rpc, files): its suffixes. */
  static final java.util.regex.Pattern TRANSPORT_SUFFIX = java.util.regex.Pattern.compile("(io|sasl)\\.[A-Za-z]+");
  static final TreeSet<String> TRANSPORT_SUFFIXES = new TreeSet<>();
  static final java.util.regex.Pattern KEY_LIKE = java.util.regex.Pattern.compile("spark\\.[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

  /** The CONSTANT_Utf8 entries of a class file's constant pool. */
  static List<String> utf8Constants(byte[] b) throws Exception {
    List<String> r = new ArrayList<>();
    java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b));
    if (in.readInt() != 0xCAFEBABE) return r;
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1: r.add(in.readUTF()); break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.skipBytes(4); break;
        case 5: case 6: in.skipBytes(8); i++; break;
        case 7: case 8: case 16: case 19: case 20: in.skipBytes(2); break;
        case 15: in.skipBytes(3); break;
        default: throw new IllegalStateException("constant pool tag " + tag);
      }
    }
    return r;
  }

  static byte[] readAll(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 14];
    int n;
    while ((n = in.read(buf)) > 0) b.write(buf, 0, n);
    return b.toByteArray();
  }

  static boolean exists(String name) {
    try {
      Class.forName(name, false, LOADER);
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Entries and tables
  // ------------------------------------------------------------------------------------------

  static J describeEntry(String key, Object entry, Class<?> entryCls, Object staticKeys) {
    J o = J.obj().put("key", key);
    Class<?> c = entry.getClass();
    while (c.getSuperclass() != null && c.getSuperclass() != entryCls && c.getName().contains("$")) c = c.getSuperclass();
    o.put("entryClass", c.getSimpleName());
    Object version = tryRead(entry, "version");
    if (version != MISSING) o.put("version", str(version));
    Object isPublic = tryRead(entry, "isPublic");
    if (isPublic != MISSING) o.put("isPublic", isPublic);
    try {
      // defaults computed from the working directory (spark.sql.warehouse.dir) name it, not its path
      String dflt = str(call(entry, "defaultValueString"));
      o.put("default", dflt == null ? null : dflt.replace(System.getProperty("user.dir"), "${user.dir}"));
    } catch (Throwable t) {
      o.put("defaultError", unwrap(t).toString());
    }
    Object dv = tryRead(entry, "defaultValue");
    if (dv != MISSING && dv != null && Boolean.TRUE.equals(tryRead(dv, "isDefined"))) {
      Object v = tryRead(dv, "get");
      if (v != MISSING && v != null) o.put("valueClass", valueClass(v));
    }
    Object fallback = tryRead(entry, "fallback");
    if (fallback != MISSING && fallback != null) o.put("fallback", str(tryRead(fallback, "key")));
    J alts = J.arr();
    for (Object a : iterate(tryRead(entry, "alternatives"))) alts.add(str(a));
    if (alts.size() > 0) o.put("alternatives", alts);
    if (staticKeys instanceof Collection && ((Collection<?>) staticKeys).contains(key)) o.put("staticSql", true);
    return o;
  }

  static String valueClass(Object v) {
    if (v instanceof Boolean) return "boolean";
    if (v instanceof Integer) return "int";
    if (v instanceof Long) return "long";
    if (v instanceof Double) return "double";
    if (v instanceof String) return "string";
    String n = v.getClass().getName();
    if (n.startsWith("scala.collection")) return "seq";
    if (n.equals("scala.util.matching.Regex")) return "regex";
    return n;
  }

  static void tables(J doc) {
    Object sparkConf = moduleOrNull("org.apache.spark.SparkConf$");
    Object deprecated = tryRead(sparkConf, "deprecatedConfigs");
    if (deprecated != MISSING && deprecated != null) {
      J a = J.arr();
      for (Object[] kv : sortedPairs(deprecated)) {
        Object cfg = kv[1];
        a.add(J.obj().put("key", str(kv[0])).put("version", str(tryRead(cfg, "version"))).put("message", str(tryRead(cfg, "deprecationMessage"))));
      }
      doc.put("sparkDeprecatedConfigs", a);
    }
    Object alternatives = tryRead(sparkConf, "configsWithAlternatives");
    if (alternatives != MISSING && alternatives != null) {
      J a = J.arr();
      for (Object[] kv : sortedPairs(alternatives)) {
        J olds = J.arr();
        for (Object alt : iterate(kv[1])) {
          Object tr = tryRead(alt, "translation");
          olds.add(J.obj().put("key", str(tryRead(alt, "key"))).put("version", str(tryRead(alt, "version"))).put("translated", tr != MISSING && tr != null));
        }
        a.add(J.obj().put("key", str(kv[0])).put("alternatives", olds));
      }
      doc.put("sparkConfigsWithAlternatives", a);
    }
    Object sqlConf = moduleOrNull("org.apache.spark.sql.internal.SQLConf$");
    Object sqlDeprecated = tryRead(sqlConf, "deprecatedSQLConfigs");
    if (sqlDeprecated != MISSING && sqlDeprecated != null) {
      J a = J.arr();
      for (Object[] kv : sortedPairs(sqlDeprecated)) {
        Object cfg = kv[1];
        a.add(J.obj().put("key", str(kv[0])).put("version", str(tryRead(cfg, "version"))).put("comment", str(tryRead(cfg, "comment"))));
      }
      doc.put("sqlDeprecatedConfigs", a);
    }
    Object sqlRemoved = tryRead(sqlConf, "removedSQLConfigs");
    if (sqlRemoved != MISSING && sqlRemoved != null) {
      J a = J.arr();
      for (Object[] kv : sortedPairs(sqlRemoved)) {
        Object cfg = kv[1];
        a.add(J.obj().put("key", str(kv[0])).put("version", str(tryRead(cfg, "version")))
            .put("defaultValue", str(tryRead(cfg, "defaultValue"))).put("comment", str(tryRead(cfg, "comment"))));
      }
      doc.put("sqlRemovedConfigs", a);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Reflection helpers (Scala 2.11/2.12/2.13 alike)
  // ------------------------------------------------------------------------------------------

  static final Object MISSING = new Object();

  static Object module(String name) throws Exception {
    return Class.forName(name, true, LOADER).getField("MODULE$").get(null);
  }

  static Object moduleOrNull(String name) {
    try {
      return module(name);
    } catch (Throwable t) {
      err.println("SparkKeys: " + name + " is not available: " + unwrap(t));
      return null;
    }
  }

  static Throwable unwrap(Throwable t) {
    while (true) {
      if (t instanceof InvocationTargetException && t.getCause() != null) t = t.getCause();
      else if (t instanceof ExceptionInInitializerError && t.getCause() != null) t = t.getCause();
      else return t;
    }
  }

  static Object call(Object target, String name) throws Exception {
    for (Class<?> k = target.getClass(); k != null; k = k.getSuperclass()) {
      for (Method m : k.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 0) {
          m.setAccessible(true);
          return m.invoke(target);
        }
      }
    }
    throw new NoSuchMethodException(target.getClass().getName() + "." + name);
  }

  /** A (possibly private, possibly name-mangled) Scala val: accessor, field, or *$$name; MISSING if none. */
  static Object tryRead(Object obj, String name) {
    if (obj == null || obj == MISSING) return MISSING;
    try {
      for (Class<?> k = obj.getClass(); k != null; k = k.getSuperclass()) {
        for (Method m : k.getDeclaredMethods()) {
          if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && (m.getName().equals(name) || m.getName().endsWith("$$" + name))) {
            m.setAccessible(true);
            return m.invoke(obj);
          }
        }
        for (Field f : k.getDeclaredFields()) {
          if (f.getName().equals(name) || f.getName().endsWith("$$" + name)) {
            f.setAccessible(true);
            return f.get(Modifier.isStatic(f.getModifiers()) ? null : obj);
          }
        }
      }
    } catch (Throwable t) {
      err.println("SparkKeys: reading " + obj.getClass().getName() + "." + name + " failed: " + unwrap(t));
    }
    return MISSING;
  }

  static Object findMapField(Object obj, String name) throws Exception {
    Object v = tryRead(obj, name);
    if (v instanceof Map) return v;
    for (Field f : obj.getClass().getDeclaredFields()) {
      if (Map.class.isAssignableFrom(f.getType())) {
        f.setAccessible(true);
        return f.get(Modifier.isStatic(f.getModifiers()) ? null : obj);
      }
    }
    throw new NoSuchFieldException(obj.getClass().getName() + "." + name);
  }

  /** The elements of a Scala collection (or a Java one); empty for MISSING/null. */
  static List<Object> iterate(Object coll) {
    List<Object> r = new ArrayList<>();
    if (coll == null || coll == MISSING) return r;
    if (coll instanceof Iterable) {
      for (Object o : (Iterable<?>) coll) r.add(o);
      return r;
    }
    try {
      Object it = coll.getClass().getMethod("iterator").invoke(coll);
      Method hasNext = it.getClass().getMethod("hasNext");
      Method next = it.getClass().getMethod("next");
      hasNext.setAccessible(true);
      next.setAccessible(true);
      while ((Boolean) hasNext.invoke(it)) r.add(next.invoke(it));
    } catch (Throwable t) {
      err.println("SparkKeys: cannot iterate " + coll.getClass().getName() + ": " + unwrap(t));
    }
    return r;
  }

  /** A Scala Map's (key, value) pairs, sorted by key. */
  static List<Object[]> sortedPairs(Object map) {
    TreeMap<String, Object> t = new TreeMap<>();
    for (Object tuple : iterate(map)) t.put(str(tryRead(tuple, "_1")), tryRead(tuple, "_2"));
    List<Object[]> r = new ArrayList<>();
    for (Map.Entry<String, Object> e : t.entrySet()) r.add(new Object[] {e.getKey(), e.getValue()});
    return r;
  }

  static String str(Object o) {
    return o == null || o == MISSING ? null : o.toString();
  }

  // ------------------------------------------------------------------------------------------
  // Minimal JSON (objects keep insertion order)
  // ------------------------------------------------------------------------------------------

  static final class J {
    final List<String> keys;
    final List<Object> values = new ArrayList<>();

    private J(boolean object) {
      keys = object ? new ArrayList<>() : null;
    }

    static J obj() {
      return new J(true);
    }

    static J arr() {
      return new J(false);
    }

    J put(String k, Object v) {
      keys.add(k);
      values.add(v);
      return this;
    }

    J add(Object v) {
      values.add(v);
      return this;
    }

    int size() {
      return values.size();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      write(sb, this);
      return sb.toString();
    }

    static void write(StringBuilder sb, Object v) {
      if (v == null) sb.append("null");
      else if (v instanceof J) {
        J j = (J) v;
        sb.append(j.keys != null ? '{' : '[');
        for (int i = 0; i < j.values.size(); i++) {
          if (i > 0) sb.append(',');
          if (j.keys != null) {
            string(sb, j.keys.get(i));
            sb.append(':');
          }
          write(sb, j.values.get(i));
        }
        sb.append(j.keys != null ? '}' : ']');
      } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) sb.append(v);
      else string(sb, v.toString());
    }

    static void string(StringBuilder sb, String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') sb.append('\\').append(c);
        else if (c < 0x20 || c == 0x2028 || c == 0x2029) sb.append(String.format("\\u%04x", (int) c));
        else sb.append(c);
      }
      sb.append('"');
    }
  }
}
