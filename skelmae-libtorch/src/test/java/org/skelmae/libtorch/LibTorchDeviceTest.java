package org.skelmae.libtorch;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skelmae.problem.ConfigurationException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@code -Dskelmae.device}: what it accepts, and the errors a user sees. */
class LibTorchDeviceTest {

    @BeforeAll
    static void load() {
        LibTorch.init(2);
    }

    @Test
    void theCpuIsTheDefaultDevice() {
        assertFalse(LibTorch.device("cpu").is_cuda());
        assertFalse(LibTorch.onGpu(), "no -Dskelmae.device in the tests: the engine runs on the CPU");
        assertTrue(LibTorch.describe().get("device").equals("cpu"), LibTorch.describe().toString());
    }

    @Test
    void refusesWhatIsNotADevice() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> LibTorch.device("gpu"));
        assertTrue(e.getMessage().contains("-Dskelmae.device=gpu") && e.getMessage().contains("cuda:<index>"), e.getMessage());
    }

    @Test
    void refusesCudaWhenNoneIsVisible() {
        assumeFalse(torch.cuda_is_available(), "a CUDA device is visible here");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> LibTorch.device("cuda:0"));
        assertTrue(e.getMessage().contains("no CUDA device") && e.getMessage().contains("-Pgpu"), e.getMessage());
    }
}
