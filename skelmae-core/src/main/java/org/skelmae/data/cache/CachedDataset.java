package org.skelmae.data.cache;

import org.skelmae.data.DataFingerprint;
import org.skelmae.data.JointLayout;
import org.skelmae.data.SampleInfo;
import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.SkippedFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset read on demand from a preprocessed cache: the index is in memory, each sample's frames are
 * read from {@code frames.npy} with a positional read (thread-safe; the OS page cache does the rest).
 */
public final class CachedDataset implements SkeletonDataset, AutoCloseable {

    private final CacheIndex index;
    private final Path framesFile;
    private volatile FileChannel frames;
    private final long dataStart;
    private final int frameFloats;
    private final List<SampleInfo> infos;

    CachedDataset(CacheIndex index, Path framesFile, long dataStart) throws IOException {
        this.index = index;
        this.framesFile = framesFile;
        this.frames = FileChannel.open(framesFile, StandardOpenOption.READ);
        this.dataStart = dataStart;
        this.frameFloats = index.persons() * index.layout().joints() * 3;
        List<SampleInfo> list = new ArrayList<>(index.samples().size());
        for (CacheIndex.Sample s : index.samples()) {
            list.add(new SampleInfo(s.name(), s.label(), s.frames(), s.bodies(), s.attributes()));
        }
        this.infos = List.copyOf(list);
    }

    @Override public String name() { return index.dataset(); }

    @Override public JointLayout layout() { return index.layout(); }

    @Override public int persons() { return index.persons(); }

    @Override public List<String> classNames() { return index.classNames(); }

    @Override public int size() { return infos.size(); }

    @Override public SampleInfo info(int i) { return infos.get(i); }

    @Override public DataFingerprint fingerprint() { return index.fingerprint(); }

    @Override public List<SkippedFile> skipped() { return index.skipped(); }

    /** The index this dataset was opened from. */
    public CacheIndex index() {
        return index;
    }

    @Override
    public SkeletonSequence get(int i) {
        CacheIndex.Sample s = index.samples().get(i);
        int n = s.frames() * frameFloats;
        ByteBuffer bb = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + s.offset() * frameFloats * 4L;
        try {
            read(bb, pos, s.name());
        } catch (java.nio.channels.ClosedChannelException e) {
            // an interrupted reader closes an NIO channel for everyone: reopen it and read again
            try {
                reopen();
                bb.clear();
                read(bb, pos, s.name());
            } catch (IOException again) {
                throw new UncheckedIOException("cannot read sample " + s.name() + " from the cache " + framesFile + ": " + again, again);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + s.name() + " from the cache " + framesFile + ": " + e, e);
        }
        bb.flip();
        float[] xyz = new float[n];
        bb.asFloatBuffer().get(xyz);
        return new SkeletonSequence(s.name(), s.label(), s.frames(), index.persons(), index.layout().joints(), xyz,
                s.bodies(), s.attributes());
    }

    private void read(ByteBuffer bb, long pos, String name) throws IOException {
        while (bb.hasRemaining()) {
            int r = frames.read(bb, pos + bb.position());
            if (r < 0) {
                throw new IOException("unexpected end of the cache file at sample " + name);
            }
        }
    }

    private synchronized void reopen() throws IOException {
        if (!frames.isOpen()) {
            frames = FileChannel.open(framesFile, StandardOpenOption.READ);
        }
    }

    @Override
    public void close() throws IOException {
        frames.close();
    }
}
