package dev.reflect.importer.embedding.voyage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What the API says when it refuses a request: {@code {"detail": "..."}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ErrorResponse(String detail) {
}
