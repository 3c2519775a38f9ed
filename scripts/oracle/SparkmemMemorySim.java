// SparkmemMemorySim: runs a sparkmem simulate scenario through a real Spark version's own memory classes —
// UnifiedMemoryManager, its pools, MemoryStore with a BlockInfoManager, and one TaskMemoryManager per task
// with spillable MemoryConsumers — and reports the state after every event, for tools/oracle/simulate.ts.
//
// Protocol: one JSON request per line on stdin ({"id", "maxHeapMemory", "onHeapStorageRegionSize", "conf",
// "events"}), one JSON answer per line on stdout. Compiled against each version's jars (setup.sh): the
// classes it names are Java ones or Scala ones whose signatures are the same from 2.4 to 4.3; the two that
// differ (BlockInfoManager's constructor and lockNewBlockForWriting) are reached by reflection.
//
// Each task's events run on the task's own thread, as Spark runs a task: ExecutionMemoryPool.acquireMemory
// may wait() there until another task releases memory. Each event runs holding the memory manager's monitor,
// so that threads it wakes retry only after it completes (Spark's threads race there; sparkmem's simulator
// resolves the race the same way). After each event the harness waits until every task thread is idle or
// waiting again, then reads the pools.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.SparkConf;
import org.apache.spark.memory.ExecutionMemoryPool;
import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.MemoryManager;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.StorageMemoryPool;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockInfo;
import org.apache.spark.storage.BlockInfoManager;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.storage.memory.BlockEvictionHandler;
import org.apache.spark.storage.memory.MemoryStore;
import org.apache.spark.util.io.ChunkedByteBuffer;

public class SparkmemMemorySim {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** One shared array backs every block's bytes: a block of N MiB is N views of it, not N MiB of heap. */
  static final byte[] SHARED = new byte[1 << 20];

  public static void main(String[] args) throws Exception {
    PrintStream answers = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, "UTF-8");
    System.setOut(System.err);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().isEmpty()) continue;
      ObjectNode resp = F.objectNode();
      JsonNode req = null;
      try {
        req = MAPPER.readTree(line);
        resp.set("id", req.get("id"));
        Run run = new Run(req);
        try {
          resp.set("steps", run.all(req.get("events")));
          resp.put("ok", true);
          resp.put("answeredBy", "org.apache.spark.memory." + run.mm.getClass().getSimpleName() + " + storage.memory.MemoryStore + memory.TaskMemoryManager (Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")");
        } finally {
          run.close();
        }
      } catch (Throwable t) {
        if (req == null) resp.putNull("id");
        resp.put("ok", false);
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        resp.put("error", c.getClass().getName() + ": " + c.getMessage());
      }
      answers.print(MAPPER.writeValueAsString(resp));
      answers.print('\n');
      answers.flush();
    }
  }

  /** A consumer that, asked to spill, frees everything it holds (as UnsafeExternalSorter writes all its pages). */
  static final class Consumer extends MemoryConsumer {
    final String name;
    final long task;
    final List<ObjectNode> spills;
    Consumer(TaskMemoryManager tmm, MemoryMode mode, String name, long task, List<ObjectNode> spills) {
      super(tmm, 1 << 20, mode);
      this.name = name;
      this.task = task;
      this.spills = spills;
    }
    long held() {
      return getUsed();
    }
    @Override
    public long spill(long size, MemoryConsumer trigger) {
      long held = getUsed();
      if (held > 0) {
        freeMemory(held);
        ObjectNode s = F.objectNode();
        s.put("task", task);
        s.put("consumer", name);
        s.put("bytes", held);
        spills.add(s);
      }
      return held;
    }
  }

  static final class Task {
    TaskMemoryManager tmm;
    final ExecutorService thread;
    volatile Thread worker;
    /**
     * Events handed to the thread and not finished: a woken thread's queued next event counts from its
     * submission, so the gap between two events is never taken for a settled thread.
     */
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean waited;
    boolean busy() {
      return inFlight.get() > 0;
    }
    final Map<String, Consumer> consumers = new HashMap<>();
    Task(TaskMemoryManager tmm, long id) {
      this.tmm = tmm;
      this.thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "task-" + id);
        t.setDaemon(true);
        worker = t;
        return t;
      });
    }
  }

  static final class Run {
    final MemoryManager mm;
    MemoryStore store;
    final BlockInfoManager blocks;
    final MemoryMode tungsten;
    final Map<Long, Task> tasks = new LinkedHashMap<>();
    final Map<String, StorageLevel> levels = new HashMap<>();
    final List<ObjectNode> evictions = Collections.synchronizedList(new ArrayList<>());
    final List<ObjectNode> spills = Collections.synchronizedList(new ArrayList<>());
    final List<ObjectNode> woken = Collections.synchronizedList(new ArrayList<>());
    /** The task whose event the main thread is running: its grant is the step's, others' are woken ones. */
    volatile long current = -1;
    volatile long granted = 0;

    Run(JsonNode req) throws Exception {
      SparkConf conf = new SparkConf(false);
      Iterator<Map.Entry<String, JsonNode>> it = req.path("conf").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        conf.set(e.getKey(), e.getValue().asText());
      }
      if (req.path("manager").asText("unified").equals("static")) {
        // 2.4's legacy manager (removed in 3.0), so reached by name
        Class<?> c = Class.forName("org.apache.spark.memory.StaticMemoryManager");
        mm = (MemoryManager) c.getConstructor(SparkConf.class, long.class, long.class, int.class)
            .newInstance(conf, req.get("maxOnHeapExecutionMemory").asLong(), req.get("maxOnHeapStorageMemory").asLong(), 1);
      } else {
        mm = new UnifiedMemoryManager(conf, req.get("maxHeapMemory").asLong(), req.get("onHeapStorageRegionSize").asLong(), 1);
      }
      tungsten = mm.tungstenMemoryMode();
      BlockInfoManager b;
      try {
        b = BlockInfoManager.class.getConstructor(boolean.class).newInstance(false);
      } catch (NoSuchMethodException e) {
        b = BlockInfoManager.class.getConstructor().newInstance();
      }
      blocks = b;
      BlockEvictionHandler handler = (BlockEvictionHandler) Proxy.newProxyInstance(
          SparkmemMemorySim.class.getClassLoader(), new Class<?>[] {BlockEvictionHandler.class},
          (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
              if (method.getName().equals("equals")) return proxy == args[0];
              if (method.getName().equals("hashCode")) return System.identityHashCode(proxy);
              return "SparkmemMemorySim eviction handler";
            }
            if (!method.getName().equals("dropFromMemory")) throw new UnsupportedOperationException(method.getName());
            BlockId id = (BlockId) args[0];
            long size = store.getSize(id);
            StorageLevel level = levels.get(id.name());
            store.remove(id);
            boolean disk = level != null && level.useDisk();
            ObjectNode ev = F.objectNode();
            ev.put("blockId", id.name());
            ev.put("bytes", size);
            ev.put("to", disk ? "disk" : "dropped");
            evictions.add(ev);
            // a dropped block's info is removed by the MemoryStore: it may be cached again
            if (!disk) levels.remove(id.name());
            return disk ? StorageLevel.DISK_ONLY() : StorageLevel.NONE();
          });
      store = new MemoryStore(conf, blocks, null, mm, handler);
      mm.setMemoryStore(store);
    }

    ArrayNode all(JsonNode events) throws Exception {
      ArrayNode steps = F.arrayNode();
      for (JsonNode e : events) steps.add(step(e));
      return steps;
    }

    ObjectNode step(JsonNode e) throws Exception {
      granted = 0;
      if (e.has("cache")) {
        synchronized (mm) { cache(e.get("cache")); }
      } else if (e.has("unpersist")) {
        synchronized (mm) { unpersist(e.get("unpersist").asText()); }
      } else if (e.has("read")) {
        synchronized (mm) { read(e.get("read").asText()); }
      } else {
        long id = e.get("task").asLong();
        final Task task = tasks.computeIfAbsent(id, k -> new Task(new TaskMemoryManager(mm, k), k));
        current = id;
        task.inFlight.incrementAndGet();
        Future<?> f = task.thread.submit(() -> runTaskEvent(task, id, e));
        // the event is done, or its thread waits in acquireMemory
        while (!f.isDone() && !waiting(task)) Thread.sleep(0, 200_000);
        if (f.isDone()) f.get();
      }
      settle();
      current = -1;
      return snapshot();
    }

    void runTaskEvent(Task t, long id, JsonNode e) {
      try {
        synchronized (mm) {
          String name = e.path("consumer").asText("task");
          Consumer c = t.consumers.computeIfAbsent(name, n -> new Consumer(t.tmm, tungsten, n, id, spills));
          if (e.has("acquire")) {
            boolean mine = current == id;
            long got = c.acquireMemory(e.get("acquire").asLong());
            // a request that waited completes in a later step: it is that step's woken grant
            if (mine && current == id && !t.waited) granted = got;
            else {
              ObjectNode w = F.objectNode();
              w.put("task", id);
              w.put("grantedBytes", got);
              woken.add(w);
            }
          } else if (e.has("release")) {
            long n = Math.min(e.get("release").asLong(), c.held());
            if (n > 0) c.freeMemory(n);
          } else if (e.has("end")) {
            t.tmm.cleanUpAllAllocatedMemory();
            // a later event of this id is a new attempt: a new TaskMemoryManager and consumers
            t.tmm = new TaskMemoryManager(mm, id);
            t.consumers.clear();
          }
        }
      } finally {
        t.waited = false;
        t.inFlight.decrementAndGet();
      }
    }

    /** A busy task thread parked in Object.wait(): ExecutionMemoryPool's lock.wait(). */
    boolean waiting(Task t) {
      Thread w = t.worker;
      if (!t.busy() || w == null || w.getState() != Thread.State.WAITING) return false;
      StackTraceElement[] st = w.getStackTrace();
      for (int i = 0; i < Math.min(4, st.length); i++)
        if (st[i].getClassName().equals("java.lang.Object") && st[i].getMethodName().startsWith("wait")) {
          t.waited = true;
          return true;
        }
      return false;
    }

    /**
     * Until every task thread is idle or waiting: at once when none is busy (no thread waits, so none can
     * have been woken), else the same state for 2 ms of polls.
     */
    void settle() throws InterruptedException {
      boolean anyBusy = false;
      for (Task t : tasks.values()) anyBusy |= t.busy();
      if (!anyBusy) return;
      int stable = 0;
      String last = "";
      while (stable < 10) {
        Thread.sleep(0, 200_000);
        StringBuilder s = new StringBuilder();
        boolean quiet = true;
        for (Map.Entry<Long, Task> en : tasks.entrySet()) {
          Task t = en.getValue();
          boolean w = waiting(t);
          if (t.busy() && !w) quiet = false;
          s.append(en.getKey()).append(t.inFlight.get()).append(w).append(';');
        }
        synchronized (mm) {
          s.append(mm.onHeapExecutionMemoryPool().memoryUsed()).append(mm.offHeapExecutionMemoryPool().memoryUsed());
        }
        String now = s.toString();
        stable = quiet && now.equals(last) ? stable + 1 : 0;
        last = now;
      }
    }

    StorageLevel levelOf(String name) {
      switch (name) {
        case "MEMORY_ONLY": return StorageLevel.MEMORY_ONLY();
        case "MEMORY_AND_DISK": return StorageLevel.MEMORY_AND_DISK();
        case "OFF_HEAP": return StorageLevel.OFF_HEAP();
        default: throw new IllegalArgumentException("level " + name);
      }
    }

    static int rddId(String id) {
      return Integer.parseInt(id.substring("rdd_".length()));
    }

    void cache(JsonNode c) throws Exception {
      String rdd = c.get("id").asText();
      StorageLevel level = levelOf(c.get("level").asText());
      MemoryMode mode = level.useOffHeap() ? MemoryMode.OFF_HEAP : MemoryMode.ON_HEAP;
      long size = c.get("blockBytes").asLong();
      int n = c.get("blocks").asInt();
      int first = c.path("first").asInt(0);
      for (int i = first; i < first + n; i++) {
        RDDBlockId id = new RDDBlockId(rddId(rdd), i);
        // a block already in memory or on disk is read, not put again
        if (levels.containsKey(id.name())) continue;
        levels.put(id.name(), level);
        lockNew(id, level);
        boolean stored = store.putBytes(id, size, mode, new scala.runtime.AbstractFunction0<ChunkedByteBuffer>() {
          @Override
          public ChunkedByteBuffer apply() { return bytes(size); }
        }, scala.reflect.ClassTag$.MODULE$.Any());
        if (stored || level.useDisk()) blocks.unlock(id, blocks.unlock$default$2());
        else {
          blocks.removeBlock(id);
          levels.remove(id.name());
        }
      }
    }

    void lockNew(BlockId id, StorageLevel level) throws Exception {
      BlockInfo info = new BlockInfo(level, scala.reflect.ClassTag$.MODULE$.Any(), false);
      for (Method m : BlockInfoManager.class.getMethods()) {
        if (!m.getName().equals("lockNewBlockForWriting")) continue;
        Object ok = m.getParameterCount() == 3 ? m.invoke(blocks, id, info, false) : m.invoke(blocks, id, info);
        if (!(Boolean) ok) throw new IllegalStateException(id + " already exists");
        return;
      }
      throw new NoSuchMethodException("lockNewBlockForWriting");
    }

    static ChunkedByteBuffer bytes(long size) {
      List<ByteBuffer> chunks = new ArrayList<>();
      for (long left = size; left > 0; left -= SHARED.length)
        chunks.add(ByteBuffer.wrap(SHARED, 0, (int) Math.min(left, SHARED.length)).slice());
      return new ChunkedByteBuffer(chunks.toArray(new ByteBuffer[0]));
    }

    void unpersist(String rdd) {
      for (String name : new ArrayList<>(levels.keySet())) {
        if (!name.startsWith(rdd + "_")) continue;
        BlockId id = new RDDBlockId(rddId(rdd), Integer.parseInt(name.substring(rdd.length() + 1)));
        store.remove(id);
        if (blocks.lockForWriting(id, true).isDefined()) blocks.removeBlock(id);
        levels.remove(name);
      }
    }

    /** One task per partition reads its block, in partition order: each read makes it the most recent. */
    void read(String rdd) {
      List<Integer> parts = new ArrayList<>();
      for (String name : levels.keySet())
        if (name.startsWith(rdd + "_")) parts.add(Integer.parseInt(name.substring(rdd.length() + 1)));
      Collections.sort(parts);
      for (int p : parts) store.getBytes(new RDDBlockId(rddId(rdd), p));
    }

    ObjectNode snapshot() {
      ObjectNode s = F.objectNode();
      s.put("grantedBytes", granted);
      ArrayNode ev = s.putArray("evictions");
      synchronized (evictions) { for (ObjectNode o : evictions) ev.add(o); evictions.clear(); }
      ArrayNode sp = s.putArray("spills");
      synchronized (spills) { for (ObjectNode o : spills) sp.add(o); spills.clear(); }
      ArrayNode wk = s.putArray("woken");
      synchronized (woken) { for (ObjectNode o : woken) wk.add(o); woken.clear(); }
      ArrayNode wt = s.putArray("waiting");
      for (Map.Entry<Long, Task> en : tasks.entrySet()) if (waiting(en.getValue())) wt.add(en.getKey());
      synchronized (mm) {
        pools(s, mm.onHeapStorageMemoryPool(), mm.onHeapExecutionMemoryPool());
        ObjectNode off = s.putObject("offHeap");
        pools(off, mm.offHeapStorageMemoryPool(), mm.offHeapExecutionMemoryPool());
      }
      return s;
    }

    static void pools(ObjectNode s, StorageMemoryPool storage, ExecutionMemoryPool execution) {
      s.put("storageUsedBytes", storage.memoryUsed());
      s.put("executionUsedBytes", execution.memoryUsed());
      s.put("storagePoolBytes", storage.poolSize());
      s.put("executionPoolBytes", execution.poolSize());
    }

    void close() {
      for (Task t : tasks.values()) t.thread.shutdownNow();
    }
  }
}
