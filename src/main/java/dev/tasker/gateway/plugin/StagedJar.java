package dev.tasker.gateway.plugin;

import java.nio.file.Path;

/**
 * A plugin jar copied out of the plugins folder, so the original can be replaced or deleted while the
 * gateway runs on the copy.
 *
 * @param fileName the jar's file name in the plugins folder
 * @param copy     the copy the class loader reads ({@code <data_dir>/plugins/<sha256>.jar})
 * @param sha256   hex SHA-256 of the jar's bytes
 */
public record StagedJar(String fileName, Path copy, String sha256) {
}
