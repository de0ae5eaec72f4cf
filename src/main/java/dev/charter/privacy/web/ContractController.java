package dev.charter.privacy.web;

import dev.charter.privacy.DataContract;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The public data contract: what Charter stores, why, for how long, which products use it (RET-1). */
@Controller
@Tag(name = "Privacy")
class ContractController {

    private final DataContract contract;

    ContractController(DataContract contract) {
        this.contract = contract;
    }

    @GetMapping("/privacy/contract")
    String page(Model model) {
        model.addAttribute("contract", ContractView.of(contract));
        return "privacy/contract";
    }

    @GetMapping(value = "/api/v1/privacy/contract", produces = "application/json")
    @ResponseBody
    @Operation(summary = "The data contract, generated from the data-class registry (public)")
    ContractView json() {
        return ContractView.of(contract);
    }
}
