<#-- Digium D50, firmware 2.8.1: the common configuration (base.ftl). Settings for the D50 only go in the macro
     below, rendered at the end of <config>. -->
<#macro suffix>
</#macro>
<#include "base.ftl">
