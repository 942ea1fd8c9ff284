package io.ltcflink.flink;

import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Loads model files through Flink's file systems (local paths, file:, and any configured scheme),
 * or from the class path with {@code classpath:/path/in/the/jar}.
 */
public final class ModelLoader {

    /** The prefix of class-path locations. */
    public static final String CLASSPATH = "classpath:";

    private ModelLoader() {}

    /**
     * Reads and parses the model at {@code location}.
     *
     * @throws IOException if the file cannot be read
     * @throws io.ltcflink.core.model.ModelFormatException if it is not a valid model file
     */
    public static Model load(String location) throws IOException {
        try (InputStream in = open(location)) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            try {
                return ModelFiles.read(buf.toByteArray());
            } catch (io.ltcflink.core.model.ModelFormatException e) {
                throw new io.ltcflink.core.model.ModelFormatException(
                        location + ": " + e.getMessage(), e);
            }
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            InputStream in = ModelLoader.class.getResourceAsStream(
                    resource.startsWith("/") ? resource : "/" + resource);
            if (in == null) {
                throw new java.io.FileNotFoundException("no class-path resource " + location);
            }
            return in;
        }
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem();
        return fs.open(path);
    }
}
