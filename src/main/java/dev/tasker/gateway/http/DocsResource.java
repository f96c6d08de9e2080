package dev.tasker.gateway.http;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The API description: {@code openapi.yaml} (copied into the jar at build time) and Swagger UI, served
 * from the {@code org.webjars:swagger-ui} jar and pointed at the spec.
 */
@Singleton
@Path("/")
public final class DocsResource {

    static final String SPEC_RESOURCE = "openapi.yaml";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String INDEX = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Tasker Worker Gateway API</title>
              <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/assets/swagger-ui-bundle.js"></script>
              <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
              <script src="/docs/assets/init.js"></script>
            </body>
            </html>
            """;
    private static final String INIT = """
            window.ui = SwaggerUIBundle({
              url: "/openapi.yaml",
              dom_id: "#swagger-ui",
              deepLinking: true,
              presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
              layout: "StandaloneLayout"
            });
            """;

    private final String swaggerUiVersion = swaggerUiVersion();

    @GET
    @Path("openapi.yaml")
    @Produces("application/yaml")
    public Response spec() {
        InputStream in = DocsResource.class.getClassLoader().getResourceAsStream(SPEC_RESOURCE);
        if (in == null) {
            throw ProblemException.notFound("openapi.yaml is not packaged with this build", "SPEC_MISSING");
        }
        return Response.ok(in, "application/yaml").build();
    }

    @GET
    @Path("docs")
    @Produces(MediaType.TEXT_HTML)
    public String index() {
        return INDEX;
    }

    /** Swagger UI's static files (and the small script that points it at the spec). */
    @GET
    @Path("docs/assets/{file}")
    public Response asset(@PathParam("file") String file) {
        if (file.equals("init.js")) {
            return Response.ok(INIT, "application/javascript").build();
        }
        if (!file.matches("[A-Za-z0-9._-]+") || file.contains("..")) {
            throw ProblemException.notFound("no such asset", null);
        }
        InputStream in = DocsResource.class.getClassLoader()
                .getResourceAsStream(WEBJAR + swaggerUiVersion + "/" + file);
        if (in == null) {
            throw ProblemException.notFound("no such asset", null);
        }
        String type = file.endsWith(".js") ? "application/javascript"
                : file.endsWith(".css") ? "text/css"
                : URLConnection.guessContentTypeFromName(file);
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(in, type == null ? MediaType.APPLICATION_OCTET_STREAM : type).cacheControl(cache).build();
    }

    private static String swaggerUiVersion() {
        try (InputStream in = DocsResource.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
