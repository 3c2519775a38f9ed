#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { SparkmemError } from "../conf/index.js";
import { renderKeysDoc } from "../report/index.js";
import { runAdvise } from "./adviseCommand.js";
import { runAnalyze } from "./analyzeCommand.js";
import { runDiagnose } from "./diagnoseCommand.js";
import { runExplain } from "./explainCommand.js";
import { runFleet } from "./fleetCommand.js";
import { runFleetRead } from "./fleetRead.js";
import { runLint } from "./lintCommand.js";
import { registerServe } from "./serveCommand.js";
import { runSimulate } from "./simulateCommand.js";
import { runSize } from "./sizeCommand.js";
import { collect, withSubmitOptions } from "./submitOptions.js";
import { terminalLine } from "./terminalText.js";

/** The package version (package.json), printed by --version and in SARIF output. */
const VERSION = "0.1.0";
const program = new Command();
program
  .name("sparkmem")
  .description("See, check and trust Apache Spark's memory layout.")
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

withConfOptions(
  program
    .command("explain")
    .description("The exact memory layout Spark computes for the driver and executors.")
    .argument(
      "[spark-submit...]",
      "a spark-submit command after --, e.g. -- spark-submit --executor-memory 4g app.py",
    ),
)
  .option("--java-version <n>", "Java major version of the JVMs (default: 8 for Spark ≤3.2, 17 after)")
  .option("--gc <gc>", "force the garbage collector: G1, Parallel or Serial")
  .option("--host-cores <n>", "cores of the machine running a local-mode app (default: this machine's)")
  .option("--host-memory <size>", "memory of that machine, e.g. 16g (default: this machine's)")
  .option("--example <name>", "a built-in case: seed, notebook, emr, k8s")
  .option("--json", "print the layout as JSON")
  .option("--format <format>", "text, markdown or json", "text")
  .option("--why", "show the formula and Spark source behind every number")
  .option("--no-color", "plain text without ANSI colours")
  .action(async (submit: string[], opts) => {
    process.exitCode = await runExplain(submit, opts);
  });

program
  .command("analyze")
  .description(
    "Event logs (any codec, rolling or single, - for stdin) to allocated against peak memory, spill, GC, skew and failures.",
  )
  .argument("<path...>", "event log files, directories of logs, eventlog_v2_ directories, or -")
  .option("--json", "print the analysis as JSON")
  .option("--format <format>", "text, markdown or json", "text")
  .action(async (paths: string[], opts) => {
    process.exitCode = await runAnalyze(paths, opts);
  });

program
  .command("advise")
  .description(
    "From one or more event logs of a job to the heap and overhead it should run with, each change with its evidence, checked through the model.",
  )
  .argument(
    "<log...>",
    "event logs of one job (files or eventlog_v2_ directories); several runs: the worst sizes it",
  )
  .option(
    "-c, --conf <key=value>",
    "a setting the next run will have apart from the advice (repeatable)",
    collect,
    [],
  )
  .option(
    "--goal <goal>",
    "cost, balanced or reliability: the headroom kept above the peaks (1.15, 1.3, 1.5)",
    "balanced",
  )
  .option(
    "--instance-type <type>",
    "the EC2 instance type of the next run's YARN nodes: EMR's YARN settings for it grant and check the containers",
  )
  .option(
    "--node-cores <n>",
    "vCPUs of one node of the next run (with --node-memory, instead of --instance-type)",
  )
  .option(
    "--node-memory <size>",
    "memory of one node of the next run, e.g. 64g: containers and pods must fit it",
  )
  .option("--os-reserved-memory <size>", "memory kept for the OS and daemons per node, e.g. 1g (default 0)")
  .option(
    "--error <file>",
    "an error text of the run (stderr, yarn logs, kubectl's; - for stdin): diagnose's causes are merged into the advice",
  )
  .option("--json", "print the advice as JSON")
  .option(
    "--format <format>",
    "text, markdown, json, spark-submit, spark-defaults, emr-json or sparkapplication",
    "text",
  )
  .action(async (paths: string[], opts) => {
    process.exitCode = await runAdvise(paths, opts);
  });

/** Arguments after a literal `--`: a pasted spark-submit command. */
function afterDoubleDash(): string[] {
  const i = process.argv.indexOf("--");
  return i >= 0 ? process.argv.slice(i + 1) : [];
}

/** The configuration options explain, lint and diagnose share: spark-submit's, and what the model needs. */
function withConfOptions(c: Command): Command {
  c.option(
    "--spark-version <version>",
    "Spark version (2.4, 3.0–3.5, 4.0–4.3 modelled; others laid out as the nearest line, with a note)",
  ).option("--conf-file <path>", "spark-defaults.conf or a JSON map of settings (repeatable)", collect, []);
  return withSubmitOptions(c).option(
    "--app-type <type>",
    "jvm, python or r (default: from the app file's extension)",
  );
}

withConfOptions(
  program
    .command("lint")
    .description(
      "Configuration mistakes before the job runs, each with why and the fix; exit 1 when an error is found.",
    )
    .argument(
      "[files...]",
      "spark-defaults.conf, EMR configuration JSON, SparkApplication YAML, .py, .ipynb or event logs; a spark-submit command after --",
    ),
)
  .option("--json", "print the findings as JSON")
  .option("--format <format>", "text, json, markdown or sarif", "text")
  .action(async (args: string[], opts) => {
    const submit = afterDoubleDash();
    const files = args.slice(0, args.length - submit.length);
    process.exitCode = await runLint(files, submit, opts, VERSION);
  });

withConfOptions(
  program
    .command("diagnose")
    .description(
      "From an error, a log (driver/executor stderr, yarn logs, kubectl describe, an event log) to root causes and new settings.",
    )
    .argument("[file]", "the error or log; - or nothing for standard input"),
)
  .option("--config <file>", "the job's configuration in any form lint reads (repeatable)", collect, [])
  .option("--json", "print causes and findings as JSON")
  .option("--format <format>", "text, json or markdown", "text")
  .action(async (file: string | undefined, opts) => {
    process.exitCode = await runDiagnose(file, afterDoubleDash(), opts);
  });

withConfOptions(
  program
    .command("simulate")
    .description(
      "Spark's unified memory manager step by step: caching, tasks acquiring and releasing execution memory, evictions, spills and waits.",
    )
    .argument("[spark-submit...]", "a spark-submit command after --, as explain takes it"),
)
  .option("--scenario <file>", "the events as JSON ({ process, events: [...] }); - for standard input")
  .option(
    "--from-log <log...>",
    "replay an event log's tasks and cached blocks (with --conf etc. over its settings: the what-if)",
  )
  .option("--cache <size>", "shorthand: cache this much (one RDD), e.g. 8g")
  .option("--cache-level <level>", "MEMORY_ONLY, MEMORY_AND_DISK or OFF_HEAP (default MEMORY_ONLY)")
  .option("--block-size <size>", "the cached RDD's partition size (default 128m)")
  .option("--tasks <n>", "shorthand: this many tasks then run at once, each asking --task-memory")
  .option("--task-memory <size>", "what each task asks for, e.g. 2g")
  .option("--process <process>", "executor (default) or driver")
  .option("--java-version <n>", "Java major version of the JVMs (default: 8 for Spark ≤3.2, 17 after)")
  .option("--gc <gc>", "force the garbage collector: G1, Parallel or Serial")
  .option("--host-cores <n>", "cores of the machine running a local-mode app (default: this machine's)")
  .option("--host-memory <size>", "memory of that machine, e.g. 16g (default: this machine's)")
  .option("--example <name>", "a built-in case: seed, notebook, emr, k8s")
  .option("--json", "print the layout, the steps and the summary as JSON")
  .option("--format <format>", "text or json", "text")
  .action(async (submit: string[], opts) => {
    process.exitCode = await runSimulate(submit, opts);
  });

program
  .command("fleet")
  .description(
    "Event logs by the thousand (any Hadoop path: file://, hdfs://, s3a://, gs://, abfs://) analysed by a Spark application, one row per log, incrementally.",
  )
  .argument("<path...>", "log directories or files Spark can read")
  .option("--out <dir>", "where the rows go: DIR/apps.jsonl and DIR/apps.parquet (and the next run's state)")
  .option("--master <master>", "the Spark master to run on", "local[*]")
  .option("--since <date>", "only logs modified since this date (ISO, e.g. 2026-11-01)")
  .option("--timeout <seconds>", "the longest one log may take", "3600")
  .option("--spark-submit <path>", "the spark-submit to use (default: $SPARK_HOME's, else PATH's)")
  .option("-c, --conf <key=value>", "a setting of the fleet application (repeatable)", collect, [])
  .option("--print-submit", "print the spark-submit command instead of running it")
  .option("--json", "print the run's counts as JSON")
  .action((paths: string[], opts) => {
    process.exitCode = runFleet(paths, opts);
  });

program
  .command("fleet-read", { hidden: true })
  .description(
    "The fleet job's reader hands one log through stdin (a manifest, then framed files): prints the order to send them in, then the analyze JSON.",
  )
  .action(async () => {
    process.exitCode = await runFleetRead();
  });

program
  .command("size")
  .description(
    "Executor layouts for a real cluster (YARN or Kubernetes, EMR instance types), ranked, with EMR's maximizeResourceAllocation beside them.",
  )
  .option("--master <manager>", "yarn or k8s", "yarn")
  .option("--instance-type <type>", "an EC2 instance type from the EMR data, e.g. m5.4xlarge")
  .option("--node-cores <n>", "vCPUs of one node (instead of --instance-type)")
  .option("--node-memory <size>", "memory of one node, e.g. 64g (instead of --instance-type)")
  .option("--nodes <n>", "how many such nodes")
  .option(
    "--node-group <spec>",
    'a node group: "name=core,instance-type=m5.4xlarge,nodes=4" or "name=task,cores=16,memory=64g,nodes=2" (repeatable)',
    collect,
    [],
  )
  .option("--os-reserved-cores <n>", "cores kept for the OS and daemons on each node (default 0)")
  .option("--os-reserved-memory <size>", "memory kept for the OS and daemons per node, e.g. 1g (default 0)")
  .option("--executor-cores <n>", "pin spark.executor.cores")
  .option(
    "--spark-version <version>",
    "Spark version (2.4, 3.0–3.5, 4.0–4.3 modelled; others laid out as the nearest line, with a note)",
  )
  .option("--app <type>", "jvm or python (default: python for --workload python-udf, else jvm)")
  .option("--deploy-mode <mode>", "client or cluster (default client)")
  .option("--workload <profile>", "etl, shuffle, cache or python-udf (default etl)")
  .option("-c, --conf <key=value>", "a YARN, kubelet/k8s or Spark setting (repeatable)", collect, [])
  .option("--master-instance-type <type>", "EMR master type (maximizeResourceAllocation's driver memory)")
  .option("--am-node-group <name>", "the node group that hosts the YARN AM / driver pod (default: the first)")
  .option("--top <n>", "how many layouts to list (default 8)")
  .option("--json", "print the layouts as JSON")
  .option("--format <format>", "text, markdown or json", "text")
  .action(async (opts) => {
    process.exitCode = await runSize(opts);
  });

registerServe(program);

program
  .command("docs")
  .description("Print the generated reference of the configuration keys sparkmem models (Markdown).")
  .action(() => {
    process.stdout.write(renderKeysDoc());
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (e instanceof SparkmemError) {
    process.stderr.write(`sparkmem: ${terminalLine(e.oneLine())}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`sparkmem: internal error: ${terminalLine((e as Error).message)}\n`);
    process.exitCode = 1;
  }
}
