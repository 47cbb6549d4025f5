import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
/** Aggregates a JFR recording's main-thread samples (every thread's with -Dthread=*, one named thread's with -Dthread=NAME): top stacks (DEPTH frames) and inclusive methods; only stacks through FILTER if given. Usage: JfrTop FILE DEPTH TOP INCL [FILTER] */
public class JfrTop {
  public static void main(String[] a) throws Exception {
    Map<String,Integer> top = new HashMap<>(), incl = new HashMap<>();
    int total = 0; int depth = Integer.parseInt(a[1]); String only = System.getProperty("thread", "main");
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
      String t = e.getEventType().getName();
      if (!t.equals("jdk.ExecutionSample") && !t.equals("jdk.NativeMethodSample")) continue;
      RecordedStackTrace st = e.getStackTrace(); if (st == null) continue;
      var th = e.getThread("sampledThread"); if (th == null || !("*".equals(only) || only.equals(th.getJavaName()))) continue;
      List<RecordedFrame> fr = st.getFrames();
      if (a.length > 4 && fr.stream().noneMatch(f -> f.getMethod().getName().contains(a[4]) || f.getMethod().getType().getName().contains(a[4]))) continue;
      total++;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < Math.min(depth, fr.size()); i++) { var m = fr.get(i).getMethod(); sb.append(m.getType().getName().replaceAll(".*\\.","")).append('.').append(m.getName()).append(i+1<depth?" < ":""); }
      top.merge(sb.toString(), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : fr) { var m = f.getMethod(); String k = m.getType().getName().replaceAll(".*\\.","") + "." + m.getName(); if (seen.add(k)) incl.merge(k, 1, Integer::sum); }
    }
    final int tot = total;
    System.out.println("total " + total + " -- top frames");
    top.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(Integer.parseInt(a[2])).forEach(x -> System.out.printf("%5.1f%% %s%n", 100.0*x.getValue()/tot, x.getKey()));
    System.out.println("-- inclusive");
    incl.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(Integer.parseInt(a[3])).forEach(x -> System.out.printf("%5.1f%% %s%n", 100.0*x.getValue()/tot, x.getKey()));
  }
}
