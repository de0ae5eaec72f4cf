package dev.charter.ai.internal.local;

import org.tartarus.snowball.ext.EnglishStemmer;

/** English stems by the Snowball (Porter 2) stemmer that Lucene ships: "refunded", "refunds", "refunding" → "refund". */
final class Stems {

    private static final ThreadLocal<EnglishStemmer> STEMMER = ThreadLocal.withInitial(EnglishStemmer::new);

    private Stems() {}

    /** The stem of one lower-case word; words with an apostrophe or digits are kept as they are. */
    static String of(String word) {
        if (word.length() < 3 || word.indexOf('\'') >= 0) {
            return word;
        }
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isLetter(word.charAt(i))) {
                return word;
            }
        }
        EnglishStemmer s = STEMMER.get();
        s.setCurrent(word);
        s.stem();
        return s.getCurrent();
    }
}
