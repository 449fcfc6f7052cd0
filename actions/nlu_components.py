"""Spanish NLU components of the assistant's pipeline (`config.yml`), run inside Rasa.

- `SpanishTokenizer`: whitespace tokens whose lemma is the word as a dictionary would spell it: accents folded,
  stretched letters shortened ("holaaa"), chat shorthand spelled out ("q", "xq", "xfa", "tmb", "kiero"), and,
  with `stem: true`, Snowball-stemmed ("contratar", "contrato", "contrátame" share a stem). The text itself is
  left as written. `benchmarks/nlu.py` compares the pipelines on a held-out split.
- `WordsFeaturizer`: Rasa's count vectors of words and word pairs, where the pairs also tell which word opens
  the message and which closes it ("no…" declines, "…no?" asks): a bag of words alone cannot tell.
- `IntentClassifier`: Rasa's logistic regression over TF-IDF weights (each featurizer's counts weighted on their
  own), with its class weighting and regularisation as settings.
- `SalesWordsGuard`: a sales assistant's default is to help buy. A message the classifier is unsure of that
  carries the product's words (internet, fibra, plan, megas, instalar, casa, negocio…), or whose two likeliest
  intents both lead to a sale, is never "not understood": it becomes the most likely sales intent, or the
  wish to buy. One that opens by naming a place ("en el Alto de La Paz", "por la plaza", "zona Sarco") is the
  customer saying where: information given.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import snowballstemmer
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE as SENTENCE
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

FALLBACK = "nlu_fallback"
# Intents about buying, in the order a doubtful message is read as them when the classifier ranks none.
SALES_INTENTS = (
    "want_to_buy",
    "inform_residential",
    "inform_business",
    "ask_plans",
    "ask_offer",
    "ask_coverage",
    "ask_installation",
    "ask_payment_methods",
    "ask_requirements",
    "choose_plan",
    "ask_cheaper",
    "ask_faster",
    "inform",
)
PRODUCT_WORDS = re.compile(
    r"\b(internet|inter|wifi|wi fi|fibra|fibra optica|plan|planes|mega|megas|mbps|velocidad|instal\w*|"
    r"contrat\w*|servicio|conexion|conectar|casa|hogar|depa|departamento|negocio|empresa|oficina|precio\w*|"
    r"cuesta|costo|tarifa\w*|cobertura|llegan|info|informacion|cotiza\w*|promo\w*|oferta\w*)\b"
)

# A message opening with where something is ("en el…", "por la…", "zona…", "vivo en…"), not when.
PLACE_OPENING = re.compile(
    r"^\s*(?:vivo |estoy |queda |es )?(?:en|por) (?:el|la|los|las|zona|barrio|calle|av|avenida|plaza)\b"
    r"(?! (?:manana|tarde|noche|madrugada|mediodia|semana|fin de semana|momento|rato)\b)"
    r"|^\s*(?:zona|barrio|calle|av|avenida|urbanizacion|villa|comunidad|provincia)\b"
)

# How people write in chats → how the word is spelled.
SHORTHAND = {
    "q": "que",
    "k": "que",
    "ke": "que",
    "qe": "que",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "x": "por",
    "xfa": "porfavor",
    "porfa": "porfavor",
    "porfis": "porfavor",
    "plis": "porfavor",
    "pls": "porfavor",
    "plz": "porfavor",
    "tmb": "tambien",
    "tb": "tambien",
    "tmbn": "tambien",
    "d": "de",
    "info": "informacion",
    "inf": "informacion",
    "cel": "celular",
    "nro": "numero",
    "num": "numero",
    "bn": "bien",
    "pa": "para",
    "pal": "para",
    "toy": "estoy",
    "sta": "esta",
    "ta": "esta",
    "tons": "entonces",
    "ola": "hola",
    "wenas": "buenas",
    "weno": "bueno",
    "grax": "gracias",
    "grs": "gracias",
    "grasias": "gracias",
    "inter": "internet",
    "interne": "internet",
    "internt": "internet",
    "wi": "wifi",
    "depto": "departamento",
    "dpto": "departamento",
    "ok": "okey",
    "oki": "okey",
    "okis": "okey",
    "okay": "okey",
    "sip": "si",
    "nop": "no",
    "nope": "no",
    "ai": "ahi",
    "aca": "aqui",
    "ahorita": "ahora",
}
# Emoji said instead of words ("👍", "🙏"): the tokenizer would drop them.
EMOJI_WORDS = {
    "👍": "okey",
    "👌": "okey",
    "✅": "okey",
    "🙏": "gracias",
    "👋": "hola",
    "👎": "no",
    "❌": "no",
    "😂": "jaja",
    "🤣": "jaja",
    "😅": "jaja",
    "😆": "jaja",
    "😡": "enojado",
    "😠": "enojado",
}
STRETCHED = re.compile(r"([a-z])\1{2,}")
DOUBLED_AT_END = re.compile(r"([a-z])\1$")
SOFT_QU = re.compile(r"^(k|q)(?=[ei])")


def fold(text: str) -> str:
    """Lower case without accents or tildes, as most phones type it ("Información" → "informacion")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def spell(word: str) -> str:
    """A chat word as spelled in a dictionary: "Holaaa" → "hola", "xfa" → "porfavor", "kiero" → "quiero"."""
    word = DOUBLED_AT_END.sub(r"\1", STRETCHED.sub(r"\1", fold(word)))
    if word in SHORTHAND:
        return SHORTHAND[word]
    return SOFT_QU.sub("qu", word) if not word.startswith("qu") else word


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class SpanishTokenizer(WhitespaceTokenizer):
    """Whitespace tokens with the word as spelled in a dictionary, or its Snowball stem, as the lemma."""

    _stemmer = snowballstemmer.stemmer("spanish")

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**WhitespaceTokenizer.get_default_config(), "stem": False}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpanishTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute)
        if isinstance(text, str) and any(emoji in text for emoji in EMOJI_WORDS):
            for emoji, word in EMOJI_WORDS.items():
                text = text.replace(emoji, f" {word} ")
            message = Message(data={attribute: text})
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.lemma = spell(token.text)
            if self._config["stem"]:
                token.lemma = self._stemmer.stemWord(token.lemma)
        return tokens


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SalesWordsGuard(GraphComponent):
    """After the fallback classifier: a doubtful message with the product's words is read as a sales intent."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SalesWordsGuard:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != FALLBACK:
                continue
            ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get("name") != FALLBACK]
            text = fold(message.get(TEXT) or "")
            top_agree = len(ranking) >= 2 and all(entry.get("name") in SALES_INTENTS for entry in ranking[:2])
            if PLACE_OPENING.search(text):
                message.set(INTENT, {INTENT_NAME_KEY: "inform", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            elif PRODUCT_WORDS.search(text) or top_agree:
                message.set(INTENT, self._sales_intent(ranking), add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    @staticmethod
    def _sales_intent(ranking: list[dict[str, Any]]) -> dict[str, Any]:
        """The best-ranked sales intent among the classifier's first guesses, else the wish to buy."""
        best: dict[str, Any] | None = next((entry for entry in ranking[:4] if entry.get("name") in SALES_INTENTS), None)
        if best is None:
            return {INTENT_NAME_KEY: "want_to_buy", PREDICTED_CONFIDENCE_KEY: 1.0}
        return {INTENT_NAME_KEY: best["name"], PREDICTED_CONFIDENCE_KEY: best.get(PREDICTED_CONFIDENCE_KEY, 0.0)}


OPENING, CLOSING = "xopeningx", "xclosingx"  # words no message holds, before its first word and after its last


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class WordsFeaturizer(CountVectorsFeaturizer):
    """Count vectors of a message's words and word pairs (its sentence features), the message's edges marked, so
    that the pairs include (opening, first word) and (last word, closing). Per-word features are Rasa's own."""

    @staticmethod
    def _convert_attribute_tokens_to_texts(attribute_tokens: dict[str, list[list[str]]]) -> dict[str, list[str]]:
        return {
            attribute: [edged(tokens) if attribute == TEXT else " ".join(tokens) for tokens in all_tokens]
            for attribute, all_tokens in attribute_tokens.items()
        }

    def _create_features(self, attribute: str, all_tokens: list[list[str]]) -> tuple[list[Any], list[Any]]:
        vectorizer = self.vectorizers.get(attribute)
        if attribute != TEXT or not vectorizer:
            return super()._create_features(attribute, all_tokens)
        sequence = [vectorizer.transform(tokens).tocoo() if tokens else None for tokens in all_tokens]
        sentence = [vectorizer.transform([edged(tokens)]).tocoo() if tokens else None for tokens in all_tokens]
        return sequence, sentence


def edged(tokens: list[str]) -> str:
    return " ".join([OPENING, *tokens, CLOSING])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentClassifier(LogisticRegressionClassifier):
    """Rasa's logistic regression over TF-IDF-weighted features, with its class weighting and regularisation as
    settings. Each featurizer's counts (word pairs, character n-grams, regexes…) are weighted on their own
    (`tfidf: true`: sublinear term frequency × inverse document frequency, unit length), so the many character
    n-grams do not drown the words, and words every intent uses weigh little."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "balanced": True, "tfidf": False}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"], class_weight="balanced" if self.config["balanced"] else None)
        self.weights: dict[str, TfidfTransformer] = {}
        self._idf: dict[str, np.ndarray] = {}  # each weighting's idf vector, read once from it

    @staticmethod
    def _block(messages: list[Message], origin: str, width: int | None) -> csr_matrix:
        """One featurizer's sparse sentence features, one row per message (zeros where it set none)."""
        rows = [m.get_sparse_features(TEXT, [origin])[1] for m in messages]
        width = width or next(r.features.shape[1] for r in rows if r is not None)
        return vstack([csr_matrix(r.features) if r else csr_matrix((1, width)) for r in rows], format="csr")

    @staticmethod
    def _weigh(counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
        """What `TfidfTransformer(sublinear_tf=True).transform` makes of `counts` (1 + log tf, × idf, rows of unit
        length), without its checks and its diagonal matrix: most of the time a message took to be read."""
        weighted = csr_matrix(counts, dtype=np.float64, copy=True)
        np.log(weighted.data, out=weighted.data)
        weighted.data += 1
        weighted.data *= idf[weighted.indices]
        inplace_csr_row_normalize_l2(weighted)
        return weighted

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        if not self.config["tfidf"]:
            return super()._create_X(messages)
        if not self.weights:  # training: one weighting per featurizer
            origins = {
                f.origin
                for m in messages
                for f in m.features
                if f.is_sparse() and f.attribute == TEXT and f.type == SENTENCE
            }
            for origin in sorted(origins):
                self.weights[origin] = TfidfTransformer(sublinear_tf=True).fit(self._block(messages, origin, None))
        if self._idf.keys() != self.weights.keys():
            self._idf = {origin: weight.idf_ for origin, weight in self.weights.items()}
        return hstack(
            [self._weigh(self._block(messages, origin, len(idf)), idf) for origin, idf in self._idf.items()],
            format="csr",
        )

    def train(self, training_data: TrainingData) -> Resource:
        self.weights, self._idf = {}, {}
        return super().train(training_data)

    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump({"classifier": self.clf, "weights": self.weights}, model_dir / f"{self._resource.name}.skops")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> IntentClassifier:
        import skops.io as sio

        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                saved = sio.load(model_dir / f"{resource.name}.skops", trusted=TRUSTED_TYPES)
        except ValueError:
            return component  # not trained (no intents): predicts nothing
        component.clf, component.weights = saved["classifier"], saved["weights"]
        # Stored by columns, the coefficients' transpose that every prediction multiplies by is read in place
        # rather than copied whole each time.
        component.clf.coef_ = np.asfortranarray(component.clf.coef_)
        return component


TRUSTED_TYPES = [
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "scipy.sparse._csr.csr_matrix",
    "numpy.ndarray",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.str_",
]
