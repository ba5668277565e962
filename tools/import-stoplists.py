#!/usr/bin/env python3
"""Derives data/stopwords/*.txt from the jusText stoplists (BSD licence,
kept in data/stopwords/LICENSE-justext.rst).

Each list is frequency ordered; we keep its first TOP single-word entries,
lower-cased, under the language's ISO 639 code.  Capping the lists keeps
language detection fair (the source lists run from 100 to 13,000 entries,
and a long list would win detection on sheer size) and the per-language
tables small enough to stay in cache.  zh.txt and ja.txt are ours (the
source has no Chinese or Japanese): single characters, since those
scripts are measured a character at a time; zh.txt lists the Traditional
form of each character beside the Simplified, for Taiwan and Hong Kong.

usage: tools/import-stoplists.py SOURCE_DIR data/stopwords
"""
import os
import re
import sys

TOP = 400
CODES = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Aragonese": "an", "Armenian": "hy",
    "Aromanian": "rup", "Asturian": "ast", "Azerbaijani": "az", "Basque": "eu",
    "Belarusian": "be", "Belarusian_Taraskievica": "be-tarask", "Bengali": "bn",
    "Bishnupriya_Manipuri": "bpy", "Bosnian": "bs", "Breton": "br", "Bulgarian": "bg",
    "Catalan": "ca", "Cebuano": "ceb", "Chuvash": "cv", "Croatian": "hr", "Czech": "cs",
    "Danish": "da", "Dutch": "nl", "English": "en", "Esperanto": "eo", "Estonian": "et",
    "Finnish": "fi", "French": "fr", "Galician": "gl", "Georgian": "ka", "German": "de",
    "Greek": "el", "Gujarati": "gu", "Haitian": "ht", "Hebrew": "he", "Hindi": "hi",
    "Hungarian": "hu", "Icelandic": "is", "Ido": "io", "Igbo": "ig", "Indonesian": "id",
    "Irish": "ga", "Italian": "it", "Javanese": "jv", "Kannada": "kn", "Kazakh": "kk",
    "Korean": "ko", "Kurdish": "ku", "Kyrgyz": "ky", "Latin": "la", "Latvian": "lv",
    "Lithuanian": "lt", "Lombard": "lmo", "Low_Saxon": "nds", "Luxembourgish": "lb",
    "Macedonian": "mk", "Malay": "ms", "Malayalam": "ml", "Maltese": "mt", "Marathi": "mr",
    "Neapolitan": "nap", "Nepali": "ne", "Newar": "new", "Norwegian_Bokmal": "nb",
    "Norwegian_Nynorsk": "nn", "Occitan": "oc", "Persian": "fa", "Piedmontese": "pms",
    "Polish": "pl", "Portuguese": "pt", "Quechua": "qu", "Romanian": "ro", "Russian": "ru",
    "Samogitian": "sgs", "Serbian": "sr", "Serbo_Croatian": "sh", "Sicilian": "scn",
    "Slovak": "sk", "Slovenian": "sl", "Spanish": "es", "Sundanese": "su", "Swahili": "sw",
    "Swedish": "sv", "Tagalog": "tl", "Tamil": "ta", "Telugu": "te", "Turkish": "tr",
    "Turkmen": "tk", "Ukrainian": "uk", "Urdu": "ur", "Uzbek": "uz", "Vietnamese": "vi",
    "Volapuk": "vo", "Walloon": "wa", "Waray_Waray": "war", "Welsh": "cy",
    "West_Frisian": "fy", "Western_Panjabi": "pnb", "Yoruba": "yo",
    # Simple_English duplicates English and would tie with it.
}
WORD = re.compile(r"\w+")


def main(src, dst):
    for name in sorted(os.listdir(src)):
        stem = name[:-4]
        if not name.endswith(".txt") or stem not in CODES:
            continue
        seen, words = set(), []
        with open(os.path.join(src, name), encoding="utf-8") as f:
            for entry in f:
                tokens = WORD.findall(entry.lower())
                if len(tokens) != 1 or tokens[0] in seen or tokens[0].isdigit():
                    continue
                seen.add(tokens[0])
                words.append(tokens[0])
                if len(words) == TOP:
                    break
        with open(os.path.join(dst, CODES[stem] + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(words) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
