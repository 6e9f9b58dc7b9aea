package org.skelmae.data.pyskl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.JointLayout;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.Normalization;
import org.skelmae.data.SkeletonDataException;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the pickles that {@code src/test/resources/pyskl/make_fixtures.py} writes with numpy, whose
 * keypoint values follow a formula: x = 64·v + 8·t + 512·m, y = 32·v + 4·t pixels in a 1920×1080 image
 * (640×480 for one sample).
 */
class PysklDatasetsTest {

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final Progress progress = lines::add;

    private Path fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/pyskl/" + name)) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private static float x(int v, int t, int m, double w) {
        return (float) ((64 * v + 8 * t + 512 * m - w / 2) / (w / 2));
    }

    private static float y(int v, int t, double h) {
        return (float) ((32 * v + 4 * t - h / 2) / (h / 2));
    }

    @Test
    void reads2dCocoKeypointsNormalisedByImageSizeWithTwoPersonSlots() throws IOException {
        LoadedDataset l = PysklDatasets.read(fixture("coco2d-protocol2.pkl"), "xsub", null, null, progress);
        assertEquals(JointLayout.COCO_17, l.dataset().layout());
        assertEquals(2, l.dataset().persons());
        assertEquals(50, l.dataset().numClasses(), "labels go up to 49");
        assertEquals("pyskl-xsub", l.split().name());
        assertArrayEquals(new int[]{0, 1, 2}, l.split().train());
        assertArrayEquals(new int[]{3, 4}, l.split().test());

        SkeletonSequence two = l.dataset().get(1);
        assertEquals("S001C001P002R001A002", two.name());
        assertEquals(1, two.label());
        assertEquals(5, two.frames());
        assertEquals(x(5, 3, 1, 1920), two.xyz()[two.offset(3, 1, 5, 0)], 1e-6);
        assertEquals(y(5, 3, 1080), two.xyz()[two.offset(3, 1, 5, 1)], 1e-6);
        assertEquals(0f, two.xyz()[two.offset(3, 1, 5, 2)], "2D keypoints get z = 0");

        SkeletonSequence one = l.dataset().get(0);
        assertTrue(one.personIsEmpty(1), "a one-person sample is zero-padded to two slots");
        assertEquals(1, one.bodiesInSource());

        SkeletonSequence three = l.dataset().get(2);
        assertEquals(3, three.bodiesInSource());
        assertEquals(x(16, 2, 1, 1920), three.xyz()[three.offset(2, 1, 16, 0)], 1e-6, "the first two persons are kept");
        assertTrue(lines.stream().anyMatch(s -> s.contains("1 samples have more than 2 persons")), String.join("\n", lines));

        SkeletonSequence small = l.dataset().get(3);
        assertEquals(x(16, 5, 0, 640), small.xyz()[small.offset(5, 0, 16, 0)], 1e-6, "each sample's own img_shape");
        assertEquals(y(16, 5, 480), small.xyz()[small.offset(5, 0, 16, 1)], 1e-6);
        assertEquals("2d-image-normalised", l.dataset().fingerprint().parameters().get("coordinates"));
        assertEquals("xsub_train/xsub_val", l.dataset().fingerprint().parameters().get("splits"));
    }

    @Test
    void otherProtocolsAndNumpyVersionsGiveTheSameSequences() throws IOException {
        LoadedDataset p2 = PysklDatasets.read(fixture("coco2d-protocol2.pkl"), "xview", null, null, progress);
        assertArrayEquals(new int[]{0, 1}, p2.split().train());
        assertEquals("S001C002P001R001A003", p2.dataset().get(0).name());
        for (String other : new String[]{"coco2d-protocol5.pkl", "coco2d-numpy2.pkl"}) {
            LoadedDataset o = PysklDatasets.read(fixture(other), "xview", null, null, progress);
            assertEquals(p2.dataset().size(), o.dataset().size());
            for (int i = 0; i < o.dataset().size(); i++) {
                assertArrayEquals(p2.dataset().get(i).xyz(), o.dataset().get(i).xyz(), other + " sample " + i);
            }
        }
    }

    @Test
    void reads3dKeypointsWithNumpyScalarsAndThePlainTrainValSplit() throws IOException {
        LoadedDataset l = PysklDatasets.read(fixture("ntu3d-protocol4.pkl"), null, null, Normalization.NONE, progress);
        assertEquals(JointLayout.KINECT_V2, l.dataset().layout());
        assertArrayEquals(new int[]{0, 1}, l.split().train());
        assertArrayEquals(new int[]{2}, l.split().test());
        SkeletonSequence b = l.dataset().get(1);
        assertEquals(1, b.label());
        assertEquals(2, b.bodiesInSource());
        // keypoint of sample i is arange(450)/100 reshaped to (M, 3, 25, 3), plus i
        assertEquals((((1 * 3 + 2) * 25 + 24) * 3 + 2) / 100f + 1, b.xyz()[b.offset(2, 1, 24, 2)], 1e-6);
        assertEquals("drink water", l.dataset().classNames().get(0), "an ntu* file gets NTU's class names");

        LoadedDataset centred = PysklDatasets.read(fixture("ntu3d-protocol4.pkl"), null, null, null, progress);
        SkeletonSequence c = centred.dataset().get(0);
        assertEquals(0f, c.xyz()[c.offset(0, 0, JointLayout.KINECT_V2.centreJoint(), 0)], 1e-6, "3D is centred by default");
    }

    @Test
    void theDatasetSpecNamesTheFileAndTheSplitPrefix() throws IOException {
        Path f = fixture("coco2d-protocol2.pkl");
        DatasetSpec spec = DatasetSpec.parse("pyskl:" + f + "#xsub");
        assertEquals(f, spec.file());
        assertEquals("xsub", spec.protocol());
        LoadedDataset l = new DatasetLoader(LoadOptions.defaults(), progress).load(spec, null);
        assertEquals(3, l.split().train().length);
        assertThrows(ConfigurationException.class, () -> DatasetSpec.parse("pyskl:"));
        assertThrows(ConfigurationException.class, () -> DatasetSpec.parse("pyskl:a.pkl#"));
        ConfigurationException missing = assertThrows(ConfigurationException.class,
                () -> new DatasetLoader(LoadOptions.defaults(), progress).load(DatasetSpec.parse("pyskl:" + dir.resolve("none.pkl")), null));
        assertTrue(missing.getMessage().contains("none.pkl does not exist"), missing.getMessage());
    }

    @Test
    void malformedFilesAreRefusedNamingTheKeyOrAnnotation() throws IOException {
        assertMessage("coco2d-protocol2.pkl", null, "split protocols [xsub, xview]: choose one with pyskl:<file>#<prefix>");
        assertMessage("coco2d-protocol2.pkl", "xset", "no splits 'xset_train' and 'xset_val'");
        assertMessage("bad-no-annotations.pkl", null, "key 'annotations' is missing, expected a list of dicts");
        assertMessage("bad-keypoint-rank.pkl", null,
                "annotation 1 ('S001C001P001R001A001'): keypoint has shape [4, 17, 2], expected (M, T, V, C)");
        assertMessage("bad-unknown-frame-dir.pkl", null, "split 'train' names frame_dir 'nobody', which no annotation has");
        assertMessage("bad-not-a-dict.pkl", null, "expected a PYSKL annotation dict with 'split' and 'annotations', found a ArrayList");
        assertMessage("make_fixtures.py", null, "cannot read as a pickle");
    }

    private void assertMessage(String file, String protocol, String expected) throws IOException {
        Path f = fixture(file);
        SkeletonDataException e = assertThrows(SkeletonDataException.class, () -> PysklDatasets.read(f, protocol, null, null, progress));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void halfPrecisionDecodesExactly() {
        assertEquals(1f, NumpyPickle.halfToFloat((short) 0x3C00));
        assertEquals(-2f, NumpyPickle.halfToFloat((short) 0xC000));
        assertEquals(65504f, NumpyPickle.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, NumpyPickle.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, NumpyPickle.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(NumpyPickle.halfToFloat((short) 0x7E00)));
    }
}
