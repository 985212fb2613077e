package io.meshlens.processor.resourcedetection;

import io.meshlens.model.Attributes;

/** Finds resource attributes of where meshlens runs. Called at start; may be retried until the timeout. */
interface Detector {
    String name();

    Attributes detect() throws Exception;
}
