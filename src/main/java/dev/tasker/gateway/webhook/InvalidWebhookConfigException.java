package dev.tasker.gateway.webhook;

/**
 * A value of the {@code webhooks} config section is not valid. Names the setting by its path in the file
 * ({@code webhooks.endpoints[0].url}), the endpoint when its name is known, and what is wrong; never a
 * secret.
 */
public final class InvalidWebhookConfigException extends IllegalArgumentException {

    private final String setting;
    private final String endpoint;
    private final String reason;

    /**
     * @param setting  the path of the value, e.g. {@code webhooks.endpoints[0].url}
     * @param endpoint the endpoint's name; null when not known (yet)
     * @param reason   what is wrong with the value
     */
    public InvalidWebhookConfigException(String setting, String endpoint, String reason) {
        super(setting + (endpoint == null ? "" : " (endpoint '" + endpoint + "')") + ": " + reason);
        this.setting = setting;
        this.endpoint = endpoint;
        this.reason = reason;
    }

    public String setting() {
        return setting;
    }

    /** The endpoint's name; null when not known. */
    public String endpoint() {
        return endpoint;
    }

    public String reason() {
        return reason;
    }

    /** The message with the source of the value: {@code invalid value for <setting> (from <file>): <reason>}. */
    public String describeFrom(String source) {
        return "invalid value for " + setting + " (" + (endpoint == null ? "" : "endpoint '" + endpoint + "', ")
                + "from " + source + "): " + reason;
    }
}
