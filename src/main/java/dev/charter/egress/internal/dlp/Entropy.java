package dev.charter.egress.internal.dlp;

/** Shannon entropy of a string, in bits per character. */
final class Entropy {

    private Entropy() {}

    static double shannon(CharSequence s) {
        if (s.length() == 0) {
            return 0;
        }
        int[] counts = new int[256];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 256) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double n = s.length();
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other > 0) {
            double p = other / n;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }
}
