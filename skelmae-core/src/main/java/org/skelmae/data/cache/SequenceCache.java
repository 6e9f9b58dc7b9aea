package org.skelmae.data.cache;

import org.skelmae.data.DataFingerprint;
import org.skelmae.data.FolderScan;
import org.skelmae.data.JointLayout;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.SkippedFile;
import org.skelmae.data.npz.NpyHeader;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A folder holding one preprocessed dataset: {@code frames.npy} (float32, all valid frames of all
 * samples back to back, shape (frames, M, V, 3)) and {@code index.json} ({@link CacheIndex}). The index
 * is written last, so a cache interrupted while being built has no index and is rebuilt.
 *
 * <p>A cache is reused only when its schema, parameters and source listing (names, sizes, modification
 * times; with {@code verifyContent}, also every file's SHA-256) equal the current ones.
 */
public final class SequenceCache {

    private static final String INDEX = "index.json";
    private static final String FRAMES = "frames.npy";
    private static final int HEADER = 128;

    private final Path dir;

    public SequenceCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Why the cache cannot be used for these parameters and sources, or null when it can.
     *
     * @param sources the current listing (sha256 may be null: it is then not compared)
     */
    public String staleReason(Map<String, String> parameters, List<CacheIndex.Source> sources, boolean verifyContent) {
        Path idx = dir.resolve(INDEX);
        if (!Files.isRegularFile(idx) || !Files.isRegularFile(dir.resolve(FRAMES))) {
            return "no cache yet";
        }
        CacheIndex index;
        try {
            index = Json.read(idx, CacheIndex.class);
        } catch (ConfigurationException e) {
            return "unreadable index (" + e.getMessage() + ")";
        }
        if (index.schemaVersion() != CacheIndex.SCHEMA_VERSION) {
            return "cache schema " + index.schemaVersion() + ", this version writes " + CacheIndex.SCHEMA_VERSION;
        }
        if (!index.parameters().equals(parameters)) {
            return "preprocessing parameters changed: " + diff(index.parameters(), parameters);
        }
        if (index.sources().size() != sources.size()) {
            return "the source folder now lists " + sources.size() + " files, the cache was built from " + index.sources().size();
        }
        for (int i = 0; i < sources.size(); i++) {
            CacheIndex.Source was = index.sources().get(i);
            CacheIndex.Source now = sources.get(i);
            if (!was.file().equals(now.file()) || was.size() != now.size() || was.mtime() != now.mtime()) {
                return "source " + now.file() + " changed (name, size or modification time)";
            }
            if (verifyContent && now.sha256() != null && was.sha256() != null && !was.sha256().equals(now.sha256())) {
                return "source " + now.file() + " changed (content SHA-256)";
            }
        }
        return null;
    }

    private static String diff(Map<String, String> a, Map<String, String> b) {
        List<String> out = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.add(k + " " + a.get(k) + " -> " + b.get(k));
            }
        }
        return String.join(", ", out);
    }

    /** Opens a valid cache. */
    public CachedDataset open() {
        CacheIndex index = Json.read(dir.resolve(INDEX), CacheIndex.class);
        Path frames = dir.resolve(FRAMES);
        try (InputStream in = Files.newInputStream(frames)) {
            NpyHeader h = NpyHeader.read(in, frames.toString());
            return new CachedDataset(index, frames, h.headerBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Streams sequences into a new cache; call {@link #commit} once all are written. */
    public Writer writer(int persons, int joints) throws IOException {
        return new Writer(persons, joints);
    }

    /** Receives sequences in index order and writes their frames. */
    public final class Writer implements Consumer<SkeletonSequence>, AutoCloseable {
        private final Path tmp;
        private final OutputStream out;
        private final int frameFloats;
        private final List<CacheIndex.Sample> samples = new ArrayList<>();
        private long totalFrames;
        private ByteBuffer bb = ByteBuffer.allocate(0);

        private Writer(int persons, int joints) throws IOException {
            Files.createDirectories(dir);
            this.tmp = Files.createTempFile(dir, ".frames.", ".tmp");
            this.out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
            this.out.write(new byte[HEADER]);
            this.frameFloats = persons * joints * 3;
        }

        @Override
        public void accept(SkeletonSequence s) {
            samples.add(new CacheIndex.Sample(s.name(), s.label(), s.frames(), s.bodiesInSource(), totalFrames, s.attributes()));
            int n = s.xyz().length;
            if (bb.capacity() < n * 4) {
                bb = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            }
            bb.clear();
            bb.asFloatBuffer().put(s.xyz());
            try {
                out.write(bb.array(), 0, n * 4);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the cache in " + dir + ": " + e.getMessage(), e);
            }
            totalFrames += s.frames();
        }

        /** Finishes {@code frames.npy}, then writes the index: the cache becomes valid only now. */
        public CachedDataset commit(String dataset, JointLayout layout, int persons, List<String> classNames,
                                    Map<String, String> parameters, Path sourceFolder, List<CacheIndex.Source> sources,
                                    List<SkippedFile> skipped, DataFingerprint fingerprint) throws IOException {
            out.close();
            try (RandomAccessFile raf = new RandomAccessFile(tmp.toFile(), "rw")) {
                java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
                NpyHeader.write(h, "<f4", new long[]{totalFrames, persons, layout.joints(), 3});
                byte[] header = h.toByteArray();
                if (header.length > HEADER) {
                    throw new IllegalStateException("npy header longer than the reserved " + HEADER + " bytes");
                }
                byte[] padded = new byte[HEADER];
                System.arraycopy(header, 0, padded, 0, header.length - 1);
                java.util.Arrays.fill(padded, header.length - 1, HEADER - 1, (byte) ' ');
                padded[HEADER - 1] = '\n';
                padded[8] = (byte) ((HEADER - 10) & 0xff);
                padded[9] = (byte) ((HEADER - 10) >> 8);
                raf.write(padded);
                raf.getFD().sync();
            }
            Files.deleteIfExists(dir.resolve(INDEX));
            Files.move(tmp, dir.resolve(FRAMES), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Json.write(dir.resolve(INDEX), new CacheIndex(CacheIndex.SCHEMA_VERSION, dataset, layout, persons, classNames,
                    parameters, sourceFolder.toAbsolutePath().toString(), sources, skipped, samples, fingerprint));
            return open();
        }

        @Override
        public void close() throws IOException {
            out.close();
            Files.deleteIfExists(tmp);
        }
    }

    /** The current listing of the sources (names, sizes, modification times; no hashes). */
    public static List<CacheIndex.Source> listing(Path folder, List<String> names) {
        List<CacheIndex.Source> out = new ArrayList<>(names.size());
        for (String n : names) {
            Path p = folder.resolve(n);
            try {
                out.add(new CacheIndex.Source(n, Files.size(p), Files.getLastModifiedTime(p).toMillis(), null));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stat " + p + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Adds the content hashes from a scan report to a listing. */
    public static List<CacheIndex.Source> withHashes(List<CacheIndex.Source> listing, FolderScan.Report report) {
        Map<String, String> sha = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : report.sources()) {
            sha.put(e.getKey(), e.getValue());
        }
        List<CacheIndex.Source> out = new ArrayList<>(listing.size());
        for (CacheIndex.Source s : listing) {
            out.add(new CacheIndex.Source(s.file(), s.size(), s.mtime(), sha.get(s.file())));
        }
        return out;
    }
}
