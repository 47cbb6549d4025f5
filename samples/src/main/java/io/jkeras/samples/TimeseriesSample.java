package io.jkeras.samples;

import io.jkeras.Tensor;
import io.jkeras.data.PyDataset;
import io.jkeras.data.TimeseriesGenerator;
import java.io.PrintStream;

/**
 * Keras's {@code TimeseriesGenerator}: the windows of length 3 over {@code 0..4}, one per batch,
 * each with the value that follows it; then the example from Keras's documentation.
 */
public final class TimeseriesSample implements Sample {

    @Override
    public String name() {
        return "timeseries";
    }

    @Override
    public String description() {
        return "TimeseriesGenerator: windows of length 3 over 0..4, and Keras's documented example";
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        PrintStream out = ctx.out();
        Tensor series = Tensor.vector(0, 1, 2, 3, 4);
        out.println("series = " + Fmt.numpy(series));
        out.println("TimeseriesGenerator(series, series, length=3, batch_size=1)");
        TimeseriesGenerator generator = TimeseriesGenerator.builder(series, series, 3).batchSize(1).build();
        out.println("Samples: " + generator.size());
        for (PyDataset.Batch b : generator) {
            out.println(Fmt.numpy(b.x()) + " => " + Fmt.numpy(b.y()));
        }

        out.println();
        float[] values = new float[50];
        for (int i = 0; i < 50; i++) {
            values[i] = i;
        }
        Tensor data = Tensor.of(values, 50, 1);
        out.println("data = targets = [[i] for i in range(50)]");
        out.println("TimeseriesGenerator(data, targets, length=10, sampling_rate=2, batch_size=2)");
        TimeseriesGenerator docs = TimeseriesGenerator.builder(data, data, 10).samplingRate(2).batchSize(2).build();
        out.println("len(data_gen) = " + docs.size());
        PyDataset.Batch first = docs.get(0);
        out.println("x =\n" + Fmt.numpy(first.x()));
        out.println("y =\n" + Fmt.numpy(first.y()));
        return new SampleResult().put("windows", generator.size()).put("docsBatches", docs.size());
    }
}
