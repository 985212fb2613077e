package io.meshlens.processor.k8sattributes;

/**
 * Splits a container image reference into name and tag for {@code container.image.name} /
 * {@code container.image.tag}: {@code cr.l5d.io/linkerd/proxy:edge-26.5.5} → {@code cr.l5d.io/linkerd/proxy},
 * {@code edge-26.5.5}; a reference without tag or digest has tag {@code latest}; a digest is dropped.
 */
record ImageReference(String name, String tag) {
    static ImageReference parse(String image) {
        if (image == null || image.isEmpty()) {
            return new ImageReference("", "");
        }
        String ref = image;
        boolean digest = false;
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
            digest = true;
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return new ImageReference(ref.substring(0, colon), ref.substring(colon + 1));
        }
        return new ImageReference(ref, digest ? "" : "latest");
    }
}
