package dev.reflect.importer.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PointIdsTest {

    // Expected values from python3 -c "import uuid;print(uuid.uuid5(uuid.NAMESPACE_DNS,'abc_chunk_0'))" and the like.

    @Test
    void should_be_uuid5_in_the_dns_namespace_of_conversation_and_chunk() {
        assertThat(PointIds.of("abc", 0)).isEqualTo(UUID.fromString("ec95ecc0-d2cc-58ce-b309-ce53d7d5e630"));
        assertThat(PointIds.of("abc", 1)).isEqualTo(UUID.fromString("3b42f8eb-a849-5b2c-a1cb-ee999228989c"));
        assertThat(PointIds.of("fe5e1c67-53e7-4862-81ae-d0e013e3270b", 3))
                .isEqualTo(UUID.fromString("7306e323-8968-53ff-80e1-75fe82009e40"));
    }

    @Test
    void should_be_a_version_5_rfc_4122_uuid() {
        UUID id = PointIds.of("conversation", 7);

        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void should_be_the_same_for_the_same_chunk_and_differ_between_chunks() {
        assertThat(PointIds.of("c", 2)).isEqualTo(PointIds.of("c", 2));
        assertThat(PointIds.of("c", 2)).isNotEqualTo(PointIds.of("c", 3));
        assertThat(PointIds.of("c1", 2)).isNotEqualTo(PointIds.of("c", 12));
    }
}
