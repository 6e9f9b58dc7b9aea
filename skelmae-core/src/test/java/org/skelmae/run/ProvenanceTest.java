package org.skelmae.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceTest {

    @Test
    void namesTheNativeVariantThatIsLoaded() {
        String v = Provenance.detectNativeVariant();
        assertTrue(v.matches("linux-x86_64(-[a-z0-9]+)*"), "the natives in use should be named after their variant, got " + v);
    }
}
