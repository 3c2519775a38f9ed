// Prints what Spark calls "system memory" (Runtime.getRuntime().maxMemory()) and the GC in use.
// Usage: java [JVM flags] MaxMemory.java [-v]
// Output (one line): maxMemory,gcBeanName1|gcBeanName2[,FLAG=value ...]   (flags only with -v)
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

public class MaxMemory {
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder();
        sb.append(Runtime.getRuntime().maxMemory()).append(',');
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) names.add(b.getName());
        sb.append(String.join("|", names));
        if (args.length > 0 && args[0].equals("-v")) {
            String[] flags = {"MaxHeapSize", "MinHeapSize", "InitialHeapSize", "G1HeapRegionSize", "MaxNewSize",
                    "NewSize", "SpaceAlignment", "HeapAlignment", "ActiveProcessorCount", "MaxRAM"};
            try {
                Class<?> c = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
                Object bean = ManagementFactory.getPlatformMXBean((Class) c);
                java.lang.reflect.Method m = c.getMethod("getVMOption", String.class);
                for (String f : flags) {
                    try {
                        Object opt = m.invoke(bean, f);
                        String v = (String) opt.getClass().getMethod("getValue").invoke(opt);
                        sb.append(',').append(f).append('=').append(v);
                    } catch (Exception e) { /* flag absent in this JDK */ }
                }
            } catch (Exception e) { /* not HotSpot */ }
            sb.append(",cpus=").append(Runtime.getRuntime().availableProcessors());
        }
        System.out.println(sb);
    }
}
