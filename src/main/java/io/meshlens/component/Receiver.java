package io.meshlens.component;

/** Brings data into the pipelines (scrapes, listens). Pushes to the consumers it was created with. */
public interface Receiver extends Component {
}
