"""The α-sweep harness behind Table 1 and Fig. 3 (ResNet-18 with mixup)."""
