package org.skelmae.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.SharedData;
import org.skelmae.data.npz.NpzDatasets;
import org.skelmae.data.npz.NpzExport;
import org.skelmae.data.npz.NpzFormatException;
import org.skelmae.data.npz.NpzLayout;
import org.skelmae.util.Progress;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export to the generic array format and import back, bit for bit. */
class NpzRoundTripTest {

    @TempDir
    Path tmp;

    private void assertRoundTrip(LoadedDataset ld, NpzLayout layout) throws Exception {
        Path f = tmp.resolve(ld.dataset().name() + "-" + layout + ".npz");
        NpzExport.write(f, ld.dataset(), ld.split(), layout);
        LoadedDataset back = NpzDatasets.read(f, null);
        assertEquals(ld.split().train().length, back.split().train().length);
        assertEquals(ld.split().test().length, back.split().test().length);
        assertEquals(ld.dataset().layout(), back.dataset().layout());
        assertEquals(ld.dataset().classNames(), back.dataset().classNames());
        int[][] orig = {ld.split().train(), ld.split().test()};
        int[][] imported = {back.split().train(), back.split().test()};
        for (int p = 0; p < 2; p++) {
            for (int k = 0; k < orig[p].length; k++) {
                SkeletonSequence a = ld.dataset().get(orig[p][k]);
                SkeletonSequence b = back.dataset().get(imported[p][k]);
                assertEquals(a.name(), b.name());
                assertEquals(a.label(), b.label());
                assertEquals(a.frames(), b.frames());
                assertArrayEquals(a.xyz(), b.xyz(), a.name());
            }
        }
        Path again = tmp.resolve("again.npz");
        NpzExport.write(again, back.dataset(), back.split(), layout);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again), "re-export is byte-identical");
    }

    @Test
    void syntheticRoundTripsInBothLayouts() throws Exception {
        LoadedDataset ld = SyntheticMotion.standard().load();
        assertRoundTrip(ld, NpzLayout.NTU);
        assertRoundTrip(ld, NpzLayout.NCTVM);
    }

    @Test
    void nwUclaAndNtuRoundTrip() throws Exception {
        Path ucla = SharedData.require("nw-ucla");
        DatasetLoader loader = new DatasetLoader(LoadOptions.defaults(), Progress.NONE);
        assertRoundTrip(loader.load(DatasetSpec.parse("nwucla-xview"), ucla), NpzLayout.NTU);
        assertRoundTrip(loader.load(DatasetSpec.parse("ntu120-xsub"), SharedData.require("ntu-subset")), NpzLayout.NCTVM);
    }

    /** Files written by numpy itself (see src/test/resources/npz/make_fixtures.py). */
    @Test
    void readsNumpyWrittenFiles() throws Exception {
        Path ntuStyle = copy("numpy-ntu-onehot.npz");
        LoadedDataset a = NpzDatasets.read(ntuStyle, null);
        assertEquals(3, a.split().train().length);
        assertEquals(2, a.split().test().length);
        assertEquals(JointLayout.KINECT_V2, a.dataset().layout());
        assertEquals(2, a.dataset().persons());
        assertEquals(4, a.dataset().numClasses(), "one-hot width");
        SkeletonSequence s0 = a.dataset().get(0);
        assertEquals(5, s0.frames(), "trailing zero frames are padding");
        assertEquals(2, s0.label());
        // x[0, t, c] = t * 1000 + c in the fixture
        assertEquals(3 * 1000 + 77, s0.xyz()[3 * 150 + 77], 0f);

        Path ctvm = copy("numpy-nctvm-bigendian.npz");
        LoadedDataset b = NpzDatasets.read(ctvm, null);
        assertEquals(JointLayout.KINECT_V1, b.dataset().layout());
        assertEquals(1, b.dataset().persons());
        SkeletonSequence t0 = b.dataset().get(1);
        // x[n, c, t, v, 0] = n * 10000 + c * 1000 + t * 100 + v in the fixture
        assertEquals(1 * 10000 + 2 * 1000 + 4 * 100 + 7, t0.xyz()[t0.offset(4, 0, 7, 2)], 0f);

        Path fortran = copy("numpy-fortran.npz");
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> NpzDatasets.read(fortran, null));
        assertTrue(e.getMessage().contains("x_train") && e.getMessage().contains("Fortran"), e.getMessage());
        Path missing = copy("numpy-missing-y.npz");
        e = assertThrows(NpzFormatException.class, () -> NpzDatasets.read(missing, null));
        assertTrue(e.getMessage().contains("'y_test' is missing"), e.getMessage());
    }

    private Path copy(String name) throws Exception {
        Path out = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/npz/" + name)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }
}
