package org.nas4j.djl.train;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.data.ImageDataset;

/** How well a network classified a labelled dataset: overall and class by class. */
public record Evaluation(double accuracy, int images, List<ClassAccuracy> perClass) {

    /** One class: its images and how many of them the network got right. */
    public record ClassAccuracy(String name, int images, int correct) {
        /** The share right; NaN for a class without images. */
        public double accuracy() {
            return images == 0 ? Double.NaN : (double) correct / images;
        }
    }

    public Evaluation {
        perClass = List.copyOf(perClass);
    }

    /** Compares the predicted classes with the dataset's labels. */
    public static Evaluation of(int[] predicted, ImageDataset data) {
        if (predicted.length != data.size()) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + data.size() + " images");
        }
        int[] images = new int[data.classes()];
        int[] correct = new int[data.classes()];
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            int label = data.label(i);
            images[label]++;
            if (predicted[i] == label) {
                correct[label]++;
                right++;
            }
        }
        List<ClassAccuracy> classes = new ArrayList<>();
        for (int c = 0; c < data.classes(); c++) {
            classes.add(new ClassAccuracy(data.classNames().get(c), images[c], correct[c]));
        }
        return new Evaluation(data.size() == 0 ? Double.NaN : (double) right / data.size(), data.size(), classes);
    }
}
