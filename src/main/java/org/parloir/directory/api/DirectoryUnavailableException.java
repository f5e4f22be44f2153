package org.parloir.directory.api;

/** The directory did not answer in time or is overloaded; protocols map this to 503 / resource-constraint. */
public class DirectoryUnavailableException extends RuntimeException {

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
