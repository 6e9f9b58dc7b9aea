package org.skelmae.data.npz;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an uncompressed {@code .npz} (what {@code numpy.savez} writes) whose bytes depend only on its
 * content: entries are STORED with fixed timestamps. Each entry's content is produced twice, once to
 * measure size and CRC and once to write, so arrays larger than memory can be streamed.
 */
public final class NpzWriter implements AutoCloseable {

    /** Produces the bytes of one array, header included; must produce identical bytes on every call. */
    @FunctionalInterface
    public interface Content {
        void write(OutputStream out) throws IOException;
    }

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
    private final ZipOutputStream zip;

    public NpzWriter(OutputStream out) {
        this.zip = new ZipOutputStream(out);
    }

    /** Adds the array {@code name} (stored as {@code name.npy}). */
    public void add(String name, Content content) throws IOException {
        CRC32 crc = new CRC32();
        long[] size = {0};
        content.write(new OutputStream() {
            @Override
            public void write(int b) {
                crc.update(b);
                size[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                crc.update(b, off, len);
                size[0] += len;
            }
        });
        ZipEntry e = new ZipEntry(name + ".npy");
        e.setMethod(ZipEntry.STORED);
        e.setSize(size[0]);
        e.setCompressedSize(size[0]);
        e.setCrc(crc.getValue());
        e.setTimeLocal(FIXED_TIME);
        zip.putNextEntry(e);
        content.write(new java.io.FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the zip stream stays open for the next entry
            }
        });
        zip.closeEntry();
    }

    /** Adds a non-array entry (e.g. {@code meta.json}); numpy lists it but does not load it as an array. */
    public void addFile(String name, byte[] content) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(content);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(content.length);
        e.setCompressedSize(content.length);
        e.setCrc(crc.getValue());
        e.setTimeLocal(FIXED_TIME);
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
    }

    @Override
    public void close() throws IOException {
        zip.finish();
        zip.flush();
    }
}
