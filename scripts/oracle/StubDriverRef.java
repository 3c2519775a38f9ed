// The driver endpoint YarnAllocator asks while it is constructed (RetrieveLastAllocatedExecutorId), for
// Spark versions whose allocator can only be built with a live driver (2.4 to 3.x): it answers 0.
// Compiled against each version's own jars by setup.sh; the harness finds it by name when present.

import org.apache.spark.SparkConf;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcTimeout;
import scala.concurrent.Future;
import scala.concurrent.Future$;
import scala.reflect.ClassTag;

public class StubDriverRef extends RpcEndpointRef {
  public StubDriverRef(SparkConf conf) {
    super(conf);
  }

  @Override
  public RpcAddress address() {
    return null;
  }

  @Override
  public String name() {
    return "YarnScheduler";
  }

  @Override
  public void send(Object message) {}

  @Override
  @SuppressWarnings("unchecked")
  public <T> Future<T> ask(Object message, RpcTimeout timeout, ClassTag<T> evidence) {
    return (Future<T>) Future$.MODULE$.successful(Integer.valueOf(0));
  }
}
