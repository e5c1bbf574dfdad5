package dev.payroute.ops;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No Docker engine runs here: the Dockerfile is checked by reading it (ProductionJarIT checks what it copies). */
class DockerfileTest {

    private static List<String> lines() throws IOException {
        return Files.readAllLines(Path.of("Dockerfile")).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** The lines of the stage that starts with this FROM line, up to the next FROM. */
    private static List<String> stage(List<String> lines, int from) {
        int end = from + 1;
        while (end < lines.size() && !lines.get(end).startsWith("FROM ")) {
            end++;
        }
        return lines.subList(from, end);
    }

    @Test
    void the_default_image_copies_the_service_jar_and_its_libraries_only_and_runs_the_production_entry_point()
            throws IOException {
        List<String> lines = lines();
        int last = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        List<String> image = stage(lines, last);
        List<String> copies = image.stream().filter(line -> line.startsWith("COPY ")).toList();
        assertEquals(List.of("COPY --from=build /src/target/payroute.jar /app/payroute.jar",
                "COPY --from=build /src/target/lib /app/lib", "COPY bin/service /app/bin/service"), copies);
        String entrypoint = image.stream().filter(line -> line.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        assertEquals("ENTRYPOINT [\"/app/bin/service\"]", entrypoint);
        String service = Files.readString(Path.of("bin/service"));
        String java = service.lines().filter(line -> line.startsWith("exec java ")).findFirst().orElseThrow();
        assertTrue(java.contains("-cp \"$home/payroute.jar:$home/lib/*\" dev.payroute.PayrouteApplication"), java);
        assertTrue(!service.contains("payroute-dev") && !service.contains("dev-lib"), service);
    }

    @Test
    void the_stand_in_image_copies_its_own_jar_only() throws IOException {
        List<String> lines = lines();
        int from = lines.indexOf(lines.stream().filter(line -> line.matches("FROM \\S+ AS standin")).findFirst().orElseThrow());
        List<String> standIn = stage(lines, from);
        assertEquals(List.of("COPY --from=build /src/target/payroute-standin.jar /app/payroute-standin.jar"),
                standIn.stream().filter(line -> line.startsWith("COPY ")).toList());
    }
}
