"""The α-sweep harness behind Table 1 and Fig. 3 (ResNet-18 with mixup).

Modules: :mod:`~experiments.model` (PreAct ResNet-18 of the mixup reference, torchvision's
resnet18), :mod:`~experiments.data` (datasets decoded once to uint8 tensors, batched device
augmentation), :mod:`~experiments.train` (presets ``paper`` and ``fast``, one run),
:mod:`~experiments.store` (the JSONL results store), :mod:`~experiments.sweep` (grid, shards,
resume), :mod:`~experiments.sweep_report` (Table 1 / Fig. 3, trend statistic),
:mod:`~experiments.paper_values` (the paper's Table 1), :mod:`~experiments.fake_data` (tiny
datasets in the official formats), :mod:`~experiments.cli` (``mixcheck sweep``,
``mixcheck sweep-report``). Importing the package imports nothing heavy.
"""
