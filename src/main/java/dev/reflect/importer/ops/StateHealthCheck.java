package dev.reflect.importer.ops;

import dev.reflect.importer.state.ImportState;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the last write of the state file succeeded. While it fails (disk full, folder made read-only) the
 * importer embeds and stores but cannot record, so every file is read again: DOWN, with the reason, until a write
 * succeeds (files whose record failed are retried on the next polls).
 */
public final class StateHealthCheck extends AbstractHealthCheck {

    private final ImportState state;

    public StateHealthCheck(ImportState state) {
        super("reflect", "state");
        this.state = state;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("state.file", state.file().toString());
        state.writeFailure().ifPresentOrElse(
                failure -> builder.message(failure.getMessage()).down(),
                builder::up);
    }
}
