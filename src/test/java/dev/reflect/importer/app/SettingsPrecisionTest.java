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

    @Test
    void should_keep_the_cpu_arena_on_or_off_as_asked_and_refuse_anything_else_naming_the_variable() {
        assertThat(Settings.from(new Properties(), Map.of("ONNX_CPU_ARENA", "on"), Map.of()).onnxCpuArena()).isTrue();
        assertThat(Settings.from(new Properties(), Map.of("ONNX_CPU_ARENA", "off"), Map.of()).onnxCpuArena()).isFalse();
        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("ONNX_CPU_ARENA", "yes"), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("ONNX_CPU_ARENA=yes");
    }

    @Test
    void should_turn_the_cpu_arena_on_by_default_only_when_jemalloc_is_not_the_allocator() {
        boolean jemalloc = System.getenv().getOrDefault("LD_PRELOAD", "").contains("libjemalloc");

        assertThat(Settings.from(new Properties(), Map.of(), Map.of()).onnxCpuArena()).isEqualTo(!jemalloc);
    }
}
