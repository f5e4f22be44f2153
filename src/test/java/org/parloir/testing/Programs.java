package org.parloir.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real programs tests talk to (SIPp, baresip, ...), as installed from Debian packages. */
public final class Programs {

    private Programs() {
    }

    /** Is {@code name} an executable in a folder of {@code PATH}? */
    public static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    /** Can {@code python} (an interpreter's path) import {@code modules} (comma-separated)? */
    public static boolean pythonImports(Path python, String modules) throws IOException, InterruptedException {
        if (!Files.isExecutable(python)) {
            return false;
        }
        Process p = new ProcessBuilder(python.toString(), "-c", "import " + modules).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
