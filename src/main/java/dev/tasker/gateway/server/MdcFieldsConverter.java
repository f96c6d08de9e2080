package dev.tasker.gateway.server;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.Map;

/**
 * {@code %mdcFields{request_id,step_uuid,api_key}} in a Logback pattern: {@code " request_id=<id> step_uuid=<uuid>"}
 * for the listed MDC keys that are set, in the listed order, each with a leading space; nothing when none is.
 * Logback's {@code %X} has no "label only when set" form, hence this converter.
 */
public final class MdcFieldsConverter extends ClassicConverter {

    private List<String> keys = List.of();

    @Override
    public void start() {
        List<String> options = getOptionList();
        keys = options == null ? List.of() : options.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String key : keys) {
            String value = mdc.get(key);
            if (value != null && !value.isEmpty()) {
                out.append(' ').append(key).append('=').append(value);
            }
        }
        return out.toString();
    }
}
