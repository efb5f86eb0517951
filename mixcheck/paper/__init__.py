"""The claims of "Why Mixup Improves the Model Performance" (Kimura), one module per statement.

Every inventory id of ``shared/claims.md`` has its own module, grouped by the paper's sections;
its claims (``<id>/<reading>``) are registered when the module is imported. Helpers that
several statements of a section share live in that section's ``_common``. Importing this
package registers every claim, in inventory order:

=================================  ============================================
inventory id                       module
=================================  ============================================
``lemma1``                         ``mixcheck.paper.sec3_rademacher.lemma1``
``lemma2``                         ``mixcheck.paper.sec3_rademacher.lemma2``
``thm1``                           ``mixcheck.paper.sec3_rademacher.thm1``
``eq18``                           ``mixcheck.paper.sec4_linear.eq18``
``eq19``                           ``mixcheck.paper.sec4_linear.eq19``
``eq20``                           ``mixcheck.paper.sec4_linear.eq20``
``thm2``                           ``mixcheck.paper.sec4_linear.thm2``
``fig1``                           ``mixcheck.paper.sec4_linear.fig1``
``eq23``                           ``mixcheck.paper.sec5_network.eq23``
``eq24``                           ``mixcheck.paper.sec5_network.eq24``
``thm3``                           ``mixcheck.paper.sec5_network.thm3``
``fig2``                           ``mixcheck.paper.sec5_network.fig2``
``sec6.optimal-lambda``            ``mixcheck.paper.sec6_lambda.optimal_lambda``
``sec6.beta-moments``              ``mixcheck.paper.sec6_lambda.beta_moments``
``sec6.small-alpha``               ``mixcheck.paper.sec6_lambda.small_alpha``
``eq30``                           ``mixcheck.paper.sec7_geometry.eq30``
``eq31``                           ``mixcheck.paper.sec7_geometry.eq31``
``eq32``                           ``mixcheck.paper.sec7_geometry.eq32``
``eq33``                           ``mixcheck.paper.sec7_geometry.eq33``
``thm4``                           ``mixcheck.paper.sec7_geometry.thm4``
``table1``                         ``mixcheck.paper.sec6_experiments.table1``
``fig3``                           ``mixcheck.paper.sec6_experiments.fig3``
``intro.linear``                   ``mixcheck.paper.sec1_intro.linear``
``intro.network``                  ``mixcheck.paper.sec1_intro.network``
``intro.bias-variance-endpoints``  ``mixcheck.paper.sec1_intro.bias_variance_endpoints``
``intro.bias-variance-optimal``    ``mixcheck.paper.sec1_intro.bias_variance_optimal``
``intro.geometry``                 ``mixcheck.paper.sec1_intro.geometry``
=================================  ============================================
"""

from .sec3_rademacher import lemma1  # noqa: F401  lemma1
from .sec3_rademacher import lemma2  # noqa: F401  lemma2
from .sec3_rademacher import thm1  # noqa: F401  thm1
from .sec4_linear import eq18  # noqa: F401  eq18
from .sec4_linear import eq19  # noqa: F401  eq19
from .sec4_linear import eq20  # noqa: F401  eq20
from .sec4_linear import thm2  # noqa: F401  thm2
from .sec4_linear import fig1  # noqa: F401  fig1
from .sec5_network import eq23  # noqa: F401  eq23
from .sec5_network import eq24  # noqa: F401  eq24
from .sec5_network import thm3  # noqa: F401  thm3
from .sec5_network import fig2  # noqa: F401  fig2
from .sec6_lambda import optimal_lambda  # noqa: F401  sec6.optimal-lambda
from .sec6_lambda import beta_moments  # noqa: F401  sec6.beta-moments
from .sec6_lambda import small_alpha  # noqa: F401  sec6.small-alpha
from .sec7_geometry import eq30  # noqa: F401  eq30
from .sec7_geometry import eq31  # noqa: F401  eq31
from .sec7_geometry import eq32  # noqa: F401  eq32
from .sec7_geometry import eq33  # noqa: F401  eq33
from .sec7_geometry import thm4  # noqa: F401  thm4
from .sec6_experiments import table1  # noqa: F401  table1
from .sec6_experiments import fig3  # noqa: F401  fig3
from .sec1_intro import linear  # noqa: F401  intro.linear
from .sec1_intro import network  # noqa: F401  intro.network
from .sec1_intro import bias_variance_endpoints  # noqa: F401  intro.bias-variance-endpoints
from .sec1_intro import bias_variance_optimal  # noqa: F401  intro.bias-variance-optimal
from .sec1_intro import geometry  # noqa: F401  intro.geometry
