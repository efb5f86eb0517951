"""mixcheck — a verification suite for Kimura, "Why Mixup Improves the Model Performance".

Library modules: :mod:`mixcheck.mixup` (operators), :mod:`mixcheck.losses`,
:mod:`mixcheck.strategies` (Hypothesis strategies), :mod:`mixcheck.estimate`,
:mod:`mixcheck.validation`, :mod:`mixcheck.profiles`.
"""

__version__ = "0.1.0"
