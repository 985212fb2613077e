package io.meshlens.service;

import io.meshlens.component.Components;
import io.meshlens.exporter.debug.DebugExporterFactory;
import io.meshlens.exporter.meshview.MeshViewExporterFactory;
import io.meshlens.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterFactory;
import io.meshlens.extension.meshview.MeshViewExtensionFactory;
import io.meshlens.exporter.otlp.OtlpExporterFactory;
import io.meshlens.exporter.prometheus.PrometheusExporterFactory;
import io.meshlens.exporter.otlphttp.OtlpHttpExporterFactory;
import io.meshlens.extension.healthcheck.HealthCheckExtensionFactory;
import io.meshlens.processor.attributes.AttributesProcessorFactory;
import io.meshlens.processor.batch.BatchProcessorFactory;
import io.meshlens.processor.filter.FilterProcessorFactory;
import io.meshlens.processor.memorylimiter.MemoryLimiterProcessorFactory;
import io.meshlens.processor.resource.ResourceProcessorFactory;
import io.meshlens.processor.resourcedetection.ResourceDetectionProcessorFactory;
import io.meshlens.processor.k8sattributes.K8sAttributesProcessorFactory;
import io.meshlens.receiver.otlp.OtlpReceiverFactory;
import io.meshlens.receiver.prometheus.PrometheusReceiverFactory;

/** The component factories of this build, registered explicitly (no classpath scanning). */
public final class BuiltinComponents {
    private BuiltinComponents() {
    }

    public static Components create() {
        return new Components()
                .register(new PrometheusReceiverFactory())
                .register(new OtlpReceiverFactory())
                .register(new MemoryLimiterProcessorFactory())
                .register(new FilterProcessorFactory())
                .register(new ResourceProcessorFactory())
                .register(new AttributesProcessorFactory())
                .register(new ResourceDetectionProcessorFactory())
                .register(new BatchProcessorFactory())
                .register(new K8sAttributesProcessorFactory())
                .register(new PrometheusRemoteWriteExporterFactory())
                .register(new PrometheusExporterFactory())
                .register(new DebugExporterFactory())
                .register(new MeshViewExporterFactory())
                .register(new OtlpExporterFactory())
                .register(new OtlpHttpExporterFactory())
                .register(new HealthCheckExtensionFactory())
                .register(new MeshViewExtensionFactory());
    }
}
