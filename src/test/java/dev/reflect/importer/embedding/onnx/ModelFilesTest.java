package dev.reflect.importer.embedding.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @TempDir
    Path cache;

    @Test
    void should_extract_both_files_and_leave_no_temporary_file() throws Exception {
        ModelFiles files = ModelFiles.extract(cache);

        assertThat(files.model()).isEqualTo(cache.resolve("all-minilm-l6-v2.onnx")).hasSize(90_387_606L);
        assertThat(files.tokenizer()).isEqualTo(cache.resolve("all-minilm-l6-v2-tokenizer.json")).hasSize(711_661L);
        try (var listing = Files.list(cache)) {
            assertThat(listing).hasSize(2);
        }
    }

    @Test
    void should_reuse_extracted_files_the_second_time() throws Exception {
        ModelFiles first = ModelFiles.extract(cache);
        FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(first.model(), past);
        Files.setLastModifiedTime(first.tokenizer(), past);

        ModelFiles second = ModelFiles.extract(cache);

        assertThat(Files.getLastModifiedTime(second.model())).isEqualTo(past);
        assertThat(Files.getLastModifiedTime(second.tokenizer())).isEqualTo(past);
    }

    @Test
    void should_replace_a_file_whose_size_does_not_match() throws Exception {
        Files.writeString(cache.resolve("all-minilm-l6-v2-tokenizer.json"), "{\"truncated\":");

        ModelFiles files = ModelFiles.extract(cache);

        assertThat(files.tokenizer()).hasSize(711_661L);
    }

    @Test
    void should_extract_the_int8_model_beside_the_fp32_one() throws Exception {
        ModelFiles int8 = ModelFiles.extract(cache, ModelFiles.Precision.INT8);
        ModelFiles fp32 = ModelFiles.extract(cache, ModelFiles.Precision.FP32);

        assertThat(int8.model()).isEqualTo(cache.resolve("all-minilm-l6-v2-q.onnx")).hasSize(22_972_370L);
        assertThat(int8.tokenizer()).isEqualTo(cache.resolve("all-minilm-l6-v2-q-tokenizer.json")).hasSize(711_661L);
        assertThat(fp32.model()).isEqualTo(cache.resolve("all-minilm-l6-v2.onnx"));
    }
}
