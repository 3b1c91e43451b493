package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.importer.embedding.onnx.ModelFiles.Precision;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsPrecisionTest {

    @Test
    void should_embed_with_the_int8_model_by_default() {
        assertThat(Settings.from(new Properties(), Map.of(), Map.of()).embeddingPrecision()).isEqualTo(Precision.INT8);
    }

    @Test
    void should_take_fp32_from_the_environment_in_any_case() {
        assertThat(Settings.from(new Properties(), Map.of("EMBEDDING_PRECISION", "FP32"), Map.of())
                .embeddingPrecision()).isEqualTo(Precision.FP32);
    }

    @Test
    void should_refuse_an_unknown_precision_naming_the_variable() {
        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("EMBEDDING_PRECISION", "fp16"), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("EMBEDDING_PRECISION=fp16")
                .hasMessageContaining("fp32 or int8");
    }
}
