import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * sparkmem fleet's Spark application (submitted by `sparkmem fleet`, compiled against the Spark it runs on):
 * the driver lists the event logs under each PATH with Hadoop's FileSystem; each executor task hands its logs,
 * one at a time, to `sparkmem fleet-read` (a process per log: a manifest line, then the raw bytes in frames,
 * streamed, so a log of any size is never held) and gets back the analyze JSON sparkmem prints for that log.
 * One JSON line per log: {"path","size","modificationTime","exitCode","error","report"}. A second run over the
 * same PATH reads only logs whose path, size or modification time are new. A log sparkmem cannot read is a row
 * with its error, never a failed job.
 *
 * Usage: SparkmemFleet --out DIR --command JSON_ARRAY [--since EPOCH_MS] [--timeout SECONDS] PATH...
 */
public final class SparkmemFleet {
  private static final String ROLLING = "eventlog_v2_";

  private SparkmemFleet() {}

  /** A log as listed: its path, total size, latest modification time, and its files (one, or a rolling dir's). */
  static final class Log implements Serializable {
    final String path;
    final long size;
    final long modificationTime;
    final List<String> files;

    Log(String path, long size, long modificationTime, List<String> files) {
      this.path = path;
      this.size = size;
      this.modificationTime = modificationTime;
      this.files = files;
    }

    String key() {
      return path + "\t" + size + "\t" + modificationTime;
    }
  }

  static String json(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  /** Hidden files, Hadoop's .crc files and appstatus files are not logs (the History Server skips them). */
  static boolean isLogName(String name) {
    return !name.startsWith(".") && !name.startsWith("_") && !name.startsWith("appstatus_") && !name.endsWith(".crc");
  }

  static Log rolling(FileSystem fs, FileStatus dir) throws IOException {
    long size = 0;
    long mtime = dir.getModificationTime();
    List<String> files = new ArrayList<>();
    for (FileStatus f : fs.listStatus(dir.getPath())) {
      if (!f.isFile()) continue;
      files.add(f.getPath().getName());
      size += f.getLen();
      mtime = Math.max(mtime, f.getModificationTime());
    }
    return new Log(dir.getPath().toString(), size, mtime, files);
  }

  /** The logs under one PATH: itself when it is a log file or a rolling directory, else its entries. */
  static List<Log> list(Configuration conf, String root) throws IOException {
    Path p = new Path(root);
    FileSystem fs = p.getFileSystem(conf);
    FileStatus st = fs.getFileStatus(p);
    List<Log> out = new ArrayList<>();
    if (st.isFile()) {
      out.add(new Log(st.getPath().toString(), st.getLen(), st.getModificationTime(), Arrays.asList(st.getPath().getName())));
      return out;
    }
    if (st.getPath().getName().startsWith(ROLLING)) {
      out.add(rolling(fs, st));
      return out;
    }
    FileStatus[] entries = fs.listStatus(p);
    Arrays.sort(entries, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    for (FileStatus e : entries) {
      String name = e.getPath().getName();
      if (!isLogName(name)) continue;
      if (e.isFile())
        out.add(new Log(e.getPath().toString(), e.getLen(), e.getModificationTime(), Arrays.asList(name)));
      else if (e.isDirectory() && name.startsWith(ROLLING)) out.add(rolling(fs, e));
    }
    return out;
  }

  /** Reads each log of a partition through `sparkmem fleet-read`: one JSON line per log. */
  static final class Reader implements FlatMapFunction<Iterator<Log>, String> {
    private static final Pattern INDEX = Pattern.compile("\\d+");
    private final Map<String, String> hadoop;
    private final List<String> command;
    private final long timeoutMs;

    Reader(Map<String, String> hadoop, List<String> command, long timeoutMs) {
      this.hadoop = hadoop;
      this.command = command;
      this.timeoutMs = timeoutMs;
    }

    @Override
    public Iterator<String> call(Iterator<Log> logs) {
      Configuration conf = new Configuration(false);
      for (Map.Entry<String, String> e : hadoop.entrySet()) conf.set(e.getKey(), e.getValue());
      List<String> rows = new ArrayList<>();
      while (logs.hasNext()) rows.add(read(conf, logs.next()));
      return rows.iterator();
    }

    private String row(Log log, int exitCode, String error, String report) {
      return "{\"path\":" + json(log.path) + ",\"size\":" + log.size + ",\"modificationTime\":" + log.modificationTime
          + ",\"exitCode\":" + exitCode + ",\"error\":" + json(error) + ",\"report\":" + (report == null ? "null" : report) + "}";
    }

    String read(Configuration conf, Log log) {
      Process proc = null;
      try {
        Path base = new Path(log.path);
        FileSystem fs = base.getFileSystem(conf);
        proc = new ProcessBuilder(command).start();
        final Process p = proc;
        // stderr: its first 64 KiB, read on a thread of its own so the process never blocks on it
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
          byte[] b = new byte[8192];
          try (InputStream in = p.getErrorStream()) {
            for (int n; (n = in.read(b)) > 0; ) if (err.size() < 65536) err.write(b, 0, Math.min(n, 65536 - err.size()));
          } catch (IOException ignored) {
            // the process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        final AtomicBoolean timedOut = new AtomicBoolean(false);
        Thread watchdog = new Thread(() -> {
          try {
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
              timedOut.set(true);
              p.destroyForcibly();
            }
          } catch (InterruptedException ignored) {
            // the read finished first
          }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        InputStream out = proc.getInputStream();
        String order = null;
        String report = null;
        String failure = null;
        try (OutputStream in = proc.getOutputStream()) {
          StringBuilder files = new StringBuilder();
          for (String f : log.files) files.append(files.length() == 0 ? "" : ",").append(json(f));
          in.write(("{\"path\":" + json(log.path) + ",\"files\":[" + files + "]}\n").getBytes(StandardCharsets.UTF_8));
          in.flush();
          order = line(out);
          if (order != null) {
            boolean single = log.files.size() == 1 && !base.getName().startsWith(ROLLING);
            Matcher m = INDEX.matcher(order);
            byte[] buf = new byte[1 << 20];
            while (m.find()) {
              String name = log.files.get(Integer.parseInt(m.group()));
              Path file = single ? base : new Path(base, name);
              try (InputStream s = fs.open(file)) {
                for (int n; (n = s.read(buf)) > 0; ) {
                  in.write((n + "\n").getBytes(StandardCharsets.US_ASCII));
                  in.write(buf, 0, n);
                }
              }
              in.write("0\n".getBytes(StandardCharsets.US_ASCII));
            }
          }
        } catch (IOException e) {
          // sparkmem stopped reading (it says why on stderr), or the file system failed
          failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (order != null) report = line(out);
        int code = proc.waitFor();
        watchdog.interrupt();
        drain.join(10_000);
        String stderr = err.toString("UTF-8").trim();
        if (timedOut.get()) return row(log, code, "sparkmem did not finish this log within " + timeoutMs / 1000 + " s (--timeout)", null);
        if (code == 0 || code == 3) return row(log, code, null, report);
        String error = !stderr.isEmpty() ? stderr : failure != null ? failure : "sparkmem fleet-read exited with " + code;
        return row(log, code, error.replaceAll("^sparkmem: ", ""), null);
      } catch (Exception e) {
        if (proc != null) proc.destroyForcibly();
        return row(log, -1, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
      }
    }

    /** One line of the process's stdout (the report may be megabytes), null at its end. */
    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c; (c = in.read()) >= 0; ) {
        if (c == '\n') return b.toString("UTF-8");
        b.write(c);
      }
      return b.size() == 0 ? null : b.toString("UTF-8");
    }
  }

  public static void main(String[] args) throws Exception {
    String outDir = null;
    String commandJson = null;
    long since = Long.MIN_VALUE;
    long timeoutSeconds = 3600;
    List<String> roots = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out": outDir = args[++i]; break;
        case "--command": commandJson = args[++i]; break;
        case "--since": since = Long.parseLong(args[++i]); break;
        case "--timeout": timeoutSeconds = Long.parseLong(args[++i]); break;
        default: roots.add(args[i]);
      }
    }
    if (outDir == null || commandJson == null || roots.isEmpty())
      throw new IllegalArgumentException("usage: SparkmemFleet --out DIR --command JSON_ARRAY [--since MS] [--timeout S] PATH...");
    List<String> command = new ArrayList<>();
    Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(commandJson);
    while (m.find()) command.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));

    SparkSession spark = SparkSession.builder().appName("sparkmem fleet").getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = jsc.hadoopConfiguration();
    List<Log> listed = new ArrayList<>();
    for (String r : roots) for (Log l : list(conf, r)) if (l.modificationTime >= since) listed.add(l);

    // the previous run's rows: those of logs unchanged since are kept, the others read again
    Path out = new Path(outDir);
    FileSystem outFs = out.getFileSystem(conf);
    Path rowsPath = new Path(out, "apps.jsonl");
    Set<String> current = new HashSet<>();
    for (Log l : listed) current.add(l.key());
    Set<String> done = new HashSet<>();
    Dataset<String> kept = spark.emptyDataset(Encoders.STRING());
    Dataset<String> previous = outFs.exists(rowsPath) ? spark.read().textFile(rowsPath.toString()).cache() : null;
    if (previous != null && !previous.isEmpty()) {
      Dataset<Row> keys = spark.read().json(previous).select("path", "size", "modificationTime");
      for (Row k : keys.collectAsList()) {
        String key = k.getString(0) + "\t" + k.getLong(1) + "\t" + k.getLong(2);
        if (current.contains(key)) done.add(key);
      }
      kept = previous.filter((org.apache.spark.api.java.function.FilterFunction<String>) line -> {
        // the row's key fields come first, in this order (Reader.row)
        int a = line.indexOf(",\"exitCode\":");
        return a > 0 && current.contains(keyOf(line.substring(0, a) + "}"));
      });
    }
    List<Log> todo = new ArrayList<>();
    for (Log l : listed) if (!done.contains(l.key())) todo.add(l);

    Map<String, String> hadoop = new HashMap<>();
    for (Map.Entry<String, String> e : conf) hadoop.put(e.getKey(), e.getValue());
    int slices = Math.max(1, Math.min(todo.size(), jsc.defaultParallelism() * 4));
    JavaRDD<String> fresh = jsc.parallelize(todo, slices).mapPartitions(new Reader(hadoop, command, timeoutSeconds * 1000));
    Dataset<String> rows = kept.union(spark.createDataset(fresh.rdd(), Encoders.STRING())).cache();
    long total = rows.count();
    // no rows: no schema to infer (an empty Parquet file cannot be written either)
    Dataset<Row> table = total == 0 ? null : spark.read().json(rows);
    long errors = table == null ? 0 : table.filter("error is not null").count();

    // written beside, then moved over the previous output: a failed run leaves the previous one whole
    Path tmp = new Path(out, "_next");
    outFs.delete(tmp, true);
    rows.write().text(new Path(tmp, "apps.jsonl").toString());
    if (table != null) table.write().parquet(new Path(tmp, "apps.parquet").toString());
    for (String name : new String[] {"apps.jsonl", "apps.parquet"}) {
      outFs.delete(new Path(out, name), true);
      if (outFs.exists(new Path(tmp, name))) outFs.rename(new Path(tmp, name), new Path(out, name));
    }
    outFs.delete(tmp, true);
    System.out.println("{\"listed\":" + listed.size() + ",\"read\":" + todo.size() + ",\"kept\":" + done.size()
        + ",\"rows\":" + total + ",\"errors\":" + errors + "}");
    spark.stop();
  }

  /** path, size and modificationTime of a row's first fields, as Log.key(). */
  static String keyOf(String head) {
    Matcher m = Pattern.compile("^\\{\"path\":(\"(?:[^\"\\\\]|\\\\.)*\"),\"size\":(\\d+),\"modificationTime\":(\\d+)\\}$").matcher(head);
    if (!m.find()) return "";
    String p = m.group(1);
    String path = p.substring(1, p.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    return path + "\t" + m.group(2) + "\t" + m.group(3);
  }
}
