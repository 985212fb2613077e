package io.meshlens.component;

/** Runs beside the pipelines (health_check, meshview). */
public interface Extension extends Component {
    /** Called after every pipeline has started (e.g. health_check turns 200). */
    default void ready() {
    }

    /** Called before pipelines shut down (e.g. health_check turns 503). */
    default void notReady() {
    }
}
