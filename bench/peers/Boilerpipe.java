// boilerpipe's ArticleExtractor (Debian libboilerpipe-java) over a folder
// of *.html.gz: cleaned text to OUT/ID.txt; prints the page count and the
// seconds spent extracting (files are read and inflated first).
// usage: java -cp ... Boilerpipe HTML_DIR OUT_DIR
import de.l3s.boilerpipe.extractors.ArticleExtractor;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.zip.GZIPInputStream;

public class Boilerpipe {
    public static void main(String[] args) throws Exception {
        File[] files = new File(args[0]).listFiles((d, n) -> n.endsWith(".html.gz"));
        Arrays.sort(files);
        List<String> ids = new ArrayList<>(), pages = new ArrayList<>();
        for (File f : files) {
            try (InputStream in = new GZIPInputStream(new FileInputStream(f))) {
                pages.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            ids.add(f.getName().replace(".html.gz", ""));
        }
        String[] texts = new String[pages.size()];
        long t0 = System.nanoTime();
        for (int i = 0; i < pages.size(); i++) {
            try {
                texts[i] = ArticleExtractor.INSTANCE.getText(pages.get(i));
            } catch (Exception e) {
                texts[i] = "";
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; i < texts.length; i++)
            Files.write(Paths.get(args[1], ids.get(i) + ".txt"), texts[i].getBytes(StandardCharsets.UTF_8));
        System.out.printf("%d %.3f%n", texts.length, secs);
    }
}
