package io.ltcflink.jobs.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Resources the demo ships with. */
public final class DemoCommandSupport {

    /** The bundled model: an LTC trained on the generator's Lorenz data. */
    public static final String MODEL_RESOURCE = "/models/demo-lorenz.model.json";

    private DemoCommandSupport() {}

    /** Copies the bundled model to {@code dir} and returns its path. */
    public static Path bundledModel(Path dir) throws IOException {
        try (InputStream in = DemoCommandSupport.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IOException("the bundled demo model " + MODEL_RESOURCE
                        + " is missing from the jar; pass --model");
            }
            Path out = dir.resolve("demo-lorenz.model.json");
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }
}
